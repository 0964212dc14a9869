<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccessibilityToggle</name>
    <message>
        <source>Larger text and stronger contrast</source>
        <extracomment>Accessible name of the &quot;Aa&quot; button that makes every word larger and clearer</extracomment>
        <translation>放大文字，加强对比</translation>
    </message>
    <message>
        <source>Aa</source>
        <extracomment>The &quot;Aa&quot; button&apos;s face: larger text on/off (keep it two letters)</extracomment>
        <translation>大字</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Step closer to try on</source>
        <extracomment>The attract screen&apos;s invitation, read from 2 m away: come close to the mirror</extracomment>
        <translation>走近一点，马上试妆试衣</translation>
    </message>
    <message>
        <source>See lipstick shades and clothes on you, live in the mirror</source>
        <extracomment>The attract screen&apos;s second line: what the mirror does, no app or touch needed</extracomment>
        <translation>口红色号、当季服饰，镜中实时上身</translation>
    </message>
</context>
<context>
    <name>BeforeAfter</name>
    <message>
        <source>Move the dividing line</source>
        <extracomment>Accessible name of the handle that moves the before/after dividing line</extracomment>
        <translation>左右拖动分割线</translation>
    </message>
    <message>
        <source>Split
view</source>
        <extracomment>Round button: split the mirror, bare on one side, the shade on the other</extracomment>
        <translation>分屏
对比</translation>
    </message>
    <message>
        <source>After</source>
        <extracomment>Round button while the mirror shows the shopper bare: put the product back</extracomment>
        <translation>试后</translation>
    </message>
    <message>
        <source>Before</source>
        <extracomment>Round button: show the shopper without the product (tap again for after)</extracomment>
        <translation>试前</translation>
    </message>
</context>
<context>
    <name>ClosedSign</name>
    <message>
        <source>This mirror is closed for now</source>
        <extracomment>Shown on a mirror that staff have closed (its camera is off)</extracomment>
        <translation>本试妆镜暂停使用</translation>
    </message>
    <message>
        <source>Please ask a member of staff</source>
        <extracomment>Under the closed sign: who can help a shopper</extracomment>
        <translation>如需帮助，请联系店员</translation>
    </message>
</context>
<context>
    <name>CompareCell</name>
    <message>
        <source>Tap a shade to add</source>
        <translation>点选色号加入对比</translation>
    </message>
</context>
<context>
    <name>DebugOverlay</name>
    <message>
        <source>waiting for frames…</source>
        <extracomment>Developer overlay before the first frame (developer mode only)</extracomment>
        <translation>正在等待画面…</translation>
    </message>
</context>
<context>
    <name>IntensitySlider</name>
    <message>
        <source>Lipstick strength</source>
        <extracomment>Accessible name of the lipstick strength slider</extracomment>
        <translation>口红浓淡</translation>
    </message>
    <message>
        <source>Strength</source>
        <extracomment>Label over the slider that sets how strong the lipstick colour is</extracomment>
        <translation>浓淡</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <extracomment>Accessible name of a keypad&apos;s delete key (removes the last character)</extracomment>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Try-on mirror</source>
        <extracomment>The window&apos;s title (seen by staff in the task list, not by shoppers)</extracomment>
        <translation>试妆镜</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>A round button: leave the side-by-side view of up to four shades</extracomment>
        <translation>完成</translation>
    </message>
    <message>
        <source>Compare</source>
        <extracomment>A round button: show up to four shades side by side</extracomment>
        <translation>对比</translation>
    </message>
    <message>
        <source>Photo</source>
        <extracomment>A round button: take a photo of the current look</extracomment>
        <translation>拍照</translation>
    </message>
</context>
<context>
    <name>PhotoDialog</name>
    <message>
        <source>Take a photo?</source>
        <extracomment>Photo dialog title: asks before any photo is taken</extracomment>
        <translation>拍一张照片吗？</translation>
    </message>
    <message>
        <source>Sending your photo…</source>
        <extracomment>Photo dialog title while the photo is sent to the store system</extracomment>
        <translation>正在发送照片…</translation>
    </message>
    <message>
        <source>Your photo is ready</source>
        <extracomment>Photo dialog title when the QR code for the photo is shown</extracomment>
        <translation>照片已准备好</translation>
    </message>
    <message>
        <source>No photo this time</source>
        <extracomment>Photo dialog title when no photo could be sent</extracomment>
        <translation>这次没有拍成照片</translation>
    </message>
    <message>
        <source>QR code for your photo</source>
        <extracomment>Accessible name of the QR code that opens the photo on a phone</extracomment>
        <translation>照片二维码</translation>
    </message>
    <message>
        <source>We send it to your phone by QR code. It is deleted after %1 hours.</source>
        <extracomment>Photo dialog: what happens to the photo; %1 is a number of hours (24)</extracomment>
        <translation>照片将通过二维码发送到您的手机，%1小时后自动删除。</translation>
    </message>
    <message>
        <source>One moment, please.</source>
        <extracomment>Photo dialog: shown for a moment while the photo is sent</extracomment>
        <translation>请稍候。</translation>
    </message>
    <message>
        <source>Scan with your phone to save your photo. It is deleted on %1.</source>
        <extracomment>Photo dialog: %1 is a date and time, e.g. &quot;1 Dec 14:02&quot;</extracomment>
        <translation>用手机扫码保存照片，照片将于%1删除。</translation>
    </message>
    <message>
        <source>We can&apos;t send photos right now, so none was kept. Please try again in a moment.</source>
        <extracomment>Photo dialog: the store system is away; nothing was kept</extracomment>
        <translation>暂时无法发送照片，本次未保留任何照片。请稍后再试。</translation>
    </message>
    <message>
        <source>We couldn&apos;t see you just now. Stand in front of the mirror and try again.</source>
        <extracomment>Photo dialog: the camera had no picture of the shopper</extracomment>
        <translation>刚才没有拍到您。请站到镜子前再试一次。</translation>
    </message>
    <message>
        <source>Something went wrong, so no photo was kept. Please try again.</source>
        <extracomment>Photo dialog: any other failure; nothing was kept</extracomment>
        <translation>出了点问题，本次未保留照片。请再试一次。</translation>
    </message>
    <message>
        <source>Yes, take it</source>
        <extracomment>Photo dialog button: yes, take the photo</extracomment>
        <translation>好的，拍吧</translation>
    </message>
    <message>
        <source>No, thanks</source>
        <extracomment>Photo dialog button: no photo</extracomment>
        <translation>不用了，谢谢</translation>
    </message>
    <message>
        <source>Try again</source>
        <extracomment>Photo dialog button: ask again for a photo after a failure</extracomment>
        <translation>再试一次</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Photo dialog button: close the dialog</extracomment>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <source>Save to my account</source>
        <extracomment>Title of the sign-in panel (member account, to keep the shades tried)</extracomment>
        <translation>存入我的会员账户</translation>
    </message>
    <message>
        <source>Hold the member code in our app up to the mirror, or type the code shown in your member app</source>
        <extracomment>Sign-in instructions: the member QR code in the brand&apos;s phone app, or the short code the app shows under it</extracomment>
        <translation>请把品牌 App 里的会员码对准镜子，或输入会员 App 中显示的数字码</translation>
    </message>
    <message>
        <source>Code from your app</source>
        <extracomment>Placeholder in the empty field for the code from the member app</extracomment>
        <translation>App 中的数字码</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>Keypad key that confirms the typed member code</extracomment>
        <translation>确定</translation>
    </message>
    <message>
        <source>Looking you up…</source>
        <extracomment>Shown while the store system looks up the member code</extracomment>
        <translation>正在查找您的会员信息…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Closes the sign-in panel without signing in</extracomment>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StaffSignIn</name>
    <message>
        <source>Staff: %1</source>
        <extracomment>Staff menu title; %1 is the signed-in staff member&apos;s name</extracomment>
        <translation>店员：%1</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <extracomment>Title of the staff sign-in panel (store staff only, opened by a hidden hold)</extracomment>
        <translation>店员登录</translation>
    </message>
    <message>
        <source>Type your staff number</source>
        <extracomment>Staff sign-in, first step</extracomment>
        <translation>请输入工号</translation>
    </message>
    <message>
        <source>Type the PIN for %1</source>
        <extracomment>Staff sign-in, second step; %1 is the staff number typed before</extracomment>
        <translation>请输入 %1 的密码</translation>
    </message>
    <message>
        <source>This mirror is closed. Open it again when shoppers may use it.</source>
        <extracomment>Staff menu, on a mirror that staff closed</extracomment>
        <translation>试妆镜已暂停。顾客可以使用时请重新开启。</translation>
    </message>
    <message>
        <source>Restarting or closing ends the shopper&apos;s session on this mirror.</source>
        <extracomment>Staff menu: what restarting or closing does to the shopper in front of the mirror</extracomment>
        <translation>重启或暂停会结束顾客当前的试妆。</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Placeholder in the empty PIN field</extracomment>
        <translation>密码</translation>
    </message>
    <message>
        <source>Staff number</source>
        <extracomment>Placeholder in the empty staff number field</extracomment>
        <translation>工号</translation>
    </message>
    <message>
        <source>Next</source>
        <extracomment>Staff sign-in: go on from the staff number to the PIN</extracomment>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Sign in</source>
        <extracomment>Staff sign-in key: check the PIN and sign in</extracomment>
        <translation>登录</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>Shown while the store system checks a staff PIN</extracomment>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>That staff number and PIN do not match. Check both and try again.</source>
        <extracomment>Staff sign-in refused</extracomment>
        <translation>工号与密码不匹配，请核对后重试。</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <extracomment>Staff sign-in locked after too many wrong PINs; %n is minutes to wait</extracomment>
        <translation>
            <numerusform>密码错误次数过多，请 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <source>The store system cannot be reached to check the PIN. Try again in a moment.</source>
        <extracomment>Staff sign-in: the hub that checks PINs cannot be reached</extracomment>
        <translation>暂时无法连接门店系统验证密码，请稍后再试。</translation>
    </message>
    <message>
        <source>Sign-in did not work. Try again, or call the store&apos;s IT support.</source>
        <extracomment>Staff sign-in failed for another reason</extracomment>
        <translation>登录未成功，请重试或联系门店IT支持。</translation>
    </message>
    <message>
        <source>Style this shopper</source>
        <extracomment>Staff menu: open the stylist&apos;s panel to style the shopper at the mirror</extracomment>
        <translation>为顾客搭配</translation>
    </message>
    <message>
        <source>Open the mirror</source>
        <extracomment>Staff menu: open a mirror that staff closed (the camera comes back on)</extracomment>
        <translation>开启试妆镜</translation>
    </message>
    <message>
        <source>Close the mirror</source>
        <extracomment>Staff menu: close the mirror (camera off, a closed sign) until staff open it</extracomment>
        <translation>暂停试妆镜</translation>
    </message>
    <message>
        <source>Restart the mirror</source>
        <extracomment>Staff menu: restart the mirror app (back in a few seconds, fresh)</extracomment>
        <translation>重启试妆镜</translation>
    </message>
    <message>
        <source>Quit the app</source>
        <extracomment>Staff menu on a mirror not run as a service: quit the app</extracomment>
        <translation>退出程序</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Staff sign-in: back from the PIN to the staff number</extracomment>
        <translation>返回</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Staff menu: sign out and return to the mirror</extracomment>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Closes the staff sign-in without signing in</extracomment>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StylingSheet</name>
    <message>
        <source>Styling</source>
        <extracomment>Title of the stylist&apos;s panel (staff styling a shopper at the mirror)</extracomment>
        <translation>搭配服务</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Closes the stylist&apos;s panel (the kept looks are forgotten)</extracomment>
        <translation>完成</translation>
    </message>
    <message>
        <source>Search by name, SKU or barcode</source>
        <extracomment>Placeholder of the stylist&apos;s search field</extracomment>
        <translation>按名称、货号或条码搜索</translation>
    </message>
    <message>
        <source>Nothing found. Try another name, or hold the product&apos;s barcode up to the mirror.</source>
        <extracomment>The stylist&apos;s search found nothing</extracomment>
        <translation>没有找到。请换个名称，或把商品条码对准镜子。</translation>
    </message>
    <message>
        <source>Remove this look</source>
        <extracomment>Accessible name of the cross on a kept look in the stylist&apos;s panel</extracomment>
        <translation>移除这套造型</translation>
    </message>
    <message>
        <source>Four looks kept</source>
        <extracomment>The stylist has kept four looks, the most there can be</extracomment>
        <translation>已保存四套造型</translation>
    </message>
    <message>
        <source>Keep this look</source>
        <extracomment>Keeps what the shopper wears now as one of up to four looks</extracomment>
        <translation>保存这套造型</translation>
    </message>
    <message>
        <source>Stop comparing</source>
        <extracomment>Leaves the side-by-side view of the kept looks</extracomment>
        <translation>结束对比</translation>
    </message>
    <message>
        <source>Compare looks</source>
        <extracomment>Shows the kept looks&apos; lip shades side by side</extracomment>
        <translation>对比造型</translation>
    </message>
    <message>
        <source>Looks to phone</source>
        <extracomment>Makes a QR code that opens the kept looks on the shopper&apos;s phone</extracomment>
        <translation>造型发到手机</translation>
    </message>
    <message>
        <source>Save to member&apos;s account</source>
        <extracomment>Saves the kept looks to the signed-in member&apos;s account</extracomment>
        <translation>保存到会员账户</translation>
    </message>
    <message>
        <source>Last look to checkout</source>
        <extracomment>Makes a cart QR of the last kept look for the shopper to pay on their phone</extracomment>
        <translation>最后一套去结账</translation>
    </message>
    <message>
        <source>QR code for the looks</source>
        <extracomment>Accessible name of the QR code of the stylist&apos;s looks or cart</extracomment>
        <translation>造型二维码</translation>
    </message>
    <message>
        <source>One moment…</source>
        <extracomment>While the lookbook or cart is being made at the store system</extracomment>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Scan to keep these looks on your phone</source>
        <extracomment>Under the lookbook QR</extracomment>
        <translation>扫码在手机上保存这些造型</translation>
    </message>
    <message>
        <source>Scan to buy this look on your phone</source>
        <extracomment>Under the cart QR of a look</extracomment>
        <translation>扫码在手机上购买这套造型</translation>
    </message>
    <message>
        <source>Saved to the member&apos;s account</source>
        <extracomment>The looks were saved to the member&apos;s account</extracomment>
        <translation>已保存到会员账户</translation>
    </message>
    <message>
        <source>The store system cannot be reached. Try again in a moment.</source>
        <extracomment>The store system cannot be reached to save the looks</extracomment>
        <translation>暂时无法连接门店系统，请稍后再试。</translation>
    </message>
    <message>
        <source>The member has not agreed to save their looks. Ask them first.</source>
        <extracomment>The member has not agreed to keep their try-ons</extracomment>
        <translation>会员尚未同意保存造型，请先征得同意。</translation>
    </message>
    <message>
        <source>Phones cannot open links from this mirror yet. Ask the store&apos;s IT support.</source>
        <extracomment>This store&apos;s set-up has no address phones can open</extracomment>
        <translation>手机暂时无法打开此镜子的链接，请联系门店IT支持。</translation>
    </message>
    <message>
        <source>That did not work. Try again.</source>
        <extracomment>Saving the looks failed for another reason</extracomment>
        <translation>未成功，请重试。</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the QR code in the stylist&apos;s panel (back to the looks)</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Size</source>
        <extracomment>Label before the size chips in the stylist&apos;s notes</extracomment>
        <translation>尺码</translation>
    </message>
    <message>
        <source>Natural</source>
        <extracomment>Stylist&apos;s note: the shopper likes a natural look</extracomment>
        <translation>自然</translation>
    </message>
    <message>
        <source>Bold</source>
        <extracomment>Stylist&apos;s note: the shopper likes bold colours</extracomment>
        <translation>浓郁</translation>
    </message>
    <message>
        <source>Matte</source>
        <extracomment>Stylist&apos;s note: the shopper likes matte finishes</extracomment>
        <translation>哑光</translation>
    </message>
    <message>
        <source>Glossy</source>
        <extracomment>Stylist&apos;s note: the shopper likes glossy finishes</extracomment>
        <translation>亮泽</translation>
    </message>
    <message>
        <source>Warm tones</source>
        <extracomment>Stylist&apos;s note: the shopper likes warm tones</extracomment>
        <translation>暖色调</translation>
    </message>
    <message>
        <source>Cool tones</source>
        <extracomment>Stylist&apos;s note: the shopper likes cool tones</extracomment>
        <translation>冷色调</translation>
    </message>
    <message>
        <source>Classic</source>
        <extracomment>Stylist&apos;s note: the shopper likes classic styles</extracomment>
        <translation>经典</translation>
    </message>
    <message>
        <source>Trendy</source>
        <extracomment>Stylist&apos;s note: the shopper likes trendy styles</extracomment>
        <translation>时尚</translation>
    </message>
</context>
</TS>
