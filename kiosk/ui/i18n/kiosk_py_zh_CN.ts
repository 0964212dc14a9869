<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Consent</name>
    <message>
        <source>Save your try-ons to your account?</source>
        <translation>将试妆/试穿记录保存到您的会员账户？</translation>
    </message>
    <message>
        <source>If you agree, this mirror records the products you try against your member account: the product code (SKU), the shade or size, how long you tried it, the time, and this store.</source>
        <translation>如您同意，本试衣镜会将您试用的商品记录到您的会员账户：商品编码（SKU）、色号或尺码、试用时长、时间以及本门店。</translation>
    </message>
    <message>
        <source>Why: so you can find these products again in our app and online shop, and so our staff can help you with what you liked.</source>
        <translation>目的：方便您在我们的 App 和网上商城再次找到这些商品，也便于店员根据您的喜好为您服务。</translation>
    </message>
    <message>
        <source>Never recorded: pictures or video of you, and any data about your face. The mirror finds the outline of your lips only to place the make-up, recognises no one, and forgets you when you walk away.</source>
        <translation>绝不记录：您的照片或视频，以及任何面部数据。试衣镜只识别嘴唇轮廓以便上妆，不识别任何人的身份，您离开后即会忘记您。</translation>
    </message>
    <message>
        <source>You can withdraw at any time: in the app&apos;s privacy settings, or ask a member of staff. After that, nothing more is recorded against your account.</source>
        <translation>您可随时撤回同意：在 App 的隐私设置中操作，或请店员协助。撤回后不再向您的账户记录任何内容。</translation>
    </message>
    <message>
        <source>If you say no, you can still try everything; only anonymous counts are kept.</source>
        <translation>如您选择不同意，仍可试用所有商品；我们只保留匿名统计。</translation>
    </message>
    <message>
        <source>Yes, save my try-ons</source>
        <translation>同意，保存我的记录</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>不用了，谢谢</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Finding your size…</source>
        <translation>正在为您测量尺码…</translation>
    </message>
    <message>
        <source>We suggest {size}</source>
        <translation>建议您选 {size} 码</translation>
    </message>
    <message>
        <source>We suggest {size}; between {low} and {high}</source>
        <translation>建议您选 {size} 码（介于 {low} 码和 {high} 码之间）</translation>
    </message>
    <message>
        <source>Shoulders about {cm} cm</source>
        <translation>肩宽约 {cm} 厘米</translation>
    </message>
    <message>
        <source>Reserve here</source>
        <translation>在本店预留</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>正在预留…</translation>
    </message>
    <message>
        <source>Buy online</source>
        <translation>线上购买</translation>
    </message>
    <message>
        <source>Buy the look online</source>
        <translation>整套线上购买</translation>
    </message>
    <message>
        <source>Save to my account</source>
        <translation>保存到我的账户</translation>
    </message>
    <message>
        <source>Save look</source>
        <translation>保存这个造型</translation>
    </message>
    <message>
        <source>{count} products · {price} in all</source>
        <translation>整套 {count} 件 · 共 {price}</translation>
    </message>
    <message>
        <source>{count} products</source>
        <translation>整套 {count} 件</translation>
    </message>
    <message>
        <source>Online price: {price}</source>
        <translation>线上价格：{price}</translation>
    </message>
    <message>
        <source>{price} online: we match it here</source>
        <translation>线上售价 {price}，本店同价</translation>
    </message>
    <message>
        <source>On the shelf here</source>
        <translation>本店有货</translation>
    </message>
    <message>
        <source>On the shelf here · {count} left</source>
        <translation>本店有货 · 仅剩 {count} 件</translation>
    </message>
    <message>
        <source>On the shelf here · the last one</source>
        <translation>本店有货 · 仅剩最后 1 件</translation>
    </message>
    <message>
        <source>Not on the shelf here right now</source>
        <translation>本店暂时缺货</translation>
    </message>
    <message>
        <source>{count} at {place}</source>
        <translation>{place}有 {count} 件</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} 公里</translation>
    </message>
    <message>
        <source>{m} m</source>
        <translation>{m} 米</translation>
    </message>
    <message>
        <source>ready in {n} min</source>
        <translation>{n} 分钟后可取</translation>
    </message>
    <message>
        <source>ready in {n} h</source>
        <translation>{n} 小时后可取</translation>
    </message>
    <message>
        <source>ready in 1 day</source>
        <translation>1 天后可取</translation>
    </message>
    <message>
        <source>ready in {n} days</source>
        <translation>{n} 天后可取</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>Online · ships today</source>
        <translation>线上 · 今日发货</translation>
    </message>
    <message>
        <source>Online · delivered in 1 day</source>
        <translation>线上 · 1 天送达</translation>
    </message>
    <message>
        <source>Online · delivered in {days} days</source>
        <translation>线上 · {days} 天送达</translation>
    </message>
    <message>
        <source>Not available online right now</source>
        <translation>线上暂时缺货</translation>
    </message>
    <message>
        <source>All sold for now; staff can tell you when more arrive</source>
        <translation>暂时售罄，到货时间请咨询店员</translation>
    </message>
    <message>
        <source>This store</source>
        <translation>本店</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>有货</translation>
    </message>
    <message>
        <source>{count} left</source>
        <translation>仅剩 {count} 件</translation>
    </message>
    <message>
        <source>The last one</source>
        <translation>仅剩最后 1 件</translation>
    </message>
    <message>
        <source>{count} available</source>
        <translation>有 {count} 件</translation>
    </message>
    <message>
        <source>None left</source>
        <translation>暂时缺货</translation>
    </message>
    <message>
        <source>Ships today</source>
        <translation>今日发货</translation>
    </message>
    <message>
        <source>Delivered in 1 day</source>
        <translation>1 天送达</translation>
    </message>
    <message>
        <source>Delivered in {days} days</source>
        <translation>{days} 天送达</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Stock as of {time}</source>
        <translation>库存更新于 {time}</translation>
    </message>
    <message>
        <source>Checking stock…</source>
        <translation>正在查询库存…</translation>
    </message>
    <message>
        <source>{summary}  ▾</source>
        <translation>{summary}  ▾</translation>
    </message>
    <message>
        <source>▴ Show less</source>
        <translation>▴ 收起</translation>
    </message>
    <message>
        <source>Reserved for you</source>
        <translation>已为您预留</translation>
    </message>
    <message>
        <source>Not reserved</source>
        <translation>未能预留</translation>
    </message>
    <message>
        <source>Waiting for you at {place} · {until}</source>
        <translation>已在{place}为您预留 · {until}</translation>
    </message>
    <message>
        <source>Held at {place} · {until} · it may have sold out meanwhile, please check with staff</source>
        <translation>已在{place}为您预留 · {until} · 商品可能已售出，请向店员确认</translation>
    </message>
    <message>
        <source>held until {time}</source>
        <translation>保留至 {time}</translation>
    </message>
    <message>
        <source>the hold ended at {time}</source>
        <translation>已于 {time} 过期</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>collected</source>
        <translation>已取货</translation>
    </message>
    <message>
        <source>Show this code at the counter to collect it</source>
        <translation>请到收银台出示此取货码取货</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Making your code…</source>
        <translation>正在生成二维码…</translation>
    </message>
    <message>
        <source>Scan with your phone to buy online · valid until {time}</source>
        <translation>用手机扫码即可线上购买 · {time} 前有效</translation>
    </message>
    <message>
        <source>The code in your member app has {digits} digits</source>
        <translation>会员 App 中的数字码为 {digits} 位</translation>
    </message>
    <message>
        <source>{tier} · {points} points</source>
        <translation>{tier} · {points} 积分</translation>
    </message>
    <message>
        <source>Member price {price}</source>
        <translation>会员价 {price}</translation>
    </message>
    <message>
        <source>We don&apos;t know this member code. You can type the code shown in your member app instead.</source>
        <translation>无法识别此会员码，您也可以输入会员 App 中显示的数字码。</translation>
    </message>
    <message>
        <source>We don&apos;t know this code. Please check the code in your member app and type it again.</source>
        <translation>无法识别此数字码，请核对会员 App 中的数字码后重新输入。</translation>
    </message>
    <message>
        <source>Too many tries. Please wait a minute, then try again.</source>
        <translation>尝试次数过多，请稍等一分钟后再试。</translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation>眼妆</translation>
    </message>
    <message>
        <source>Cheeks</source>
        <translation>腮红</translation>
    </message>
    <message>
        <source>Brows</source>
        <translation>眉妆</translation>
    </message>
    <message>
        <source>Looks</source>
        <translation>整体妆容</translation>
    </message>
    <message>
        <source>Eyeshadow</source>
        <translation>眼影</translation>
    </message>
    <message>
        <source>Eyeliner</source>
        <translation>眼线</translation>
    </message>
    <message>
        <source>Mascara</source>
        <translation>睫毛膏</translation>
    </message>
    <message>
        <source>Blush</source>
        <translation>腮红</translation>
    </message>
    <message>
        <source>Brow colour</source>
        <translation>眉色</translation>
    </message>
    <message>
        <source>Wishlist</source>
        <translation>心愿单</translation>
    </message>
    <message>
        <source>App looks</source>
        <translation>App搭配</translation>
    </message>
    <message>
        <source>{product} + {n}</source>
        <translation>{product} +{n}件</translation>
    </message>
    <message>
        <source>Suits {depth} skin, {undertone}</source>
        <translation>适合{depth}肤色、{undertone}</translation>
    </message>
    <message>
        <source>Close to your {depth} skin, {undertone}</source>
        <translation>接近你的{depth}肤色，{undertone}</translation>
    </message>
    <message>
        <source>For your {undertone}</source>
        <translation>适合你的{undertone}</translation>
    </message>
    <message>
        <source>Picked from what members choose together, and for your skin tone (read here, forgotten when you leave)</source>
        <translation>根据会员们常一起选择的商品和你的肤色挑选（肤色只在这面镜子读取，离开后即删除）</translation>
    </message>
    <message>
        <source>From your wishlist in the app: tap one to try it on</source>
        <translation>来自你在App的心愿单：轻触即可试戴</translation>
    </message>
    <message>
        <source>Your looks from the app: tap one to wear it</source>
        <translation>你在App保存的搭配：轻触即可换上</translation>
    </message>
    <message>
        <source>That code is not a member code. Please show the one in the app.</source>
        <translation>这不是会员码，请出示 App 中的会员码。</translation>
    </message>
    <message>
        <source>Saved to your account</source>
        <translation>已保存到您的账户</translation>
    </message>
    <message>
        <source>Not saved: you chose not to save try-ons</source>
        <translation>未保存：您选择了不保存试用记录</translation>
    </message>
    <message>
        <source>{name} · saving try-ons</source>
        <translation>{name} · 正在保存试用记录</translation>
    </message>
    <message>
        <source>Stop saving</source>
        <translation>停止保存</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Stock can&apos;t be checked right now. Staff can check it for you.</source>
        <translation>暂时无法查询库存，店员可以帮您查询。</translation>
    </message>
    <message>
        <source>This couldn&apos;t be reserved right now. Please ask a member of staff.</source>
        <translation>暂时无法预留，请咨询店员。</translation>
    </message>
    <message>
        <source>None left to reserve here. A nearby store or online may have it.</source>
        <translation>本店已无可预留的商品，附近门店或线上可能有货。</translation>
    </message>
    <message>
        <source>Buying online isn&apos;t possible right now. Please try again in a moment.</source>
        <translation>暂时无法线上购买，请稍后再试。</translation>
    </message>
    <message>
        <source>This item can&apos;t be bought online right now.</source>
        <translation>此商品暂时无法线上购买。</translation>
    </message>
    <message>
        <source>Signing in isn&apos;t possible right now. Please try again in a moment.</source>
        <translation>暂时无法登录，请稍后再试。</translation>
    </message>
    <message>
        <source>This member code has expired. Open the app to show a fresh one.</source>
        <translation>会员码已过期，请打开 App 出示新的会员码。</translation>
    </message>
    <message>
        <source>This item can&apos;t be looked up right now. Please ask a member of staff.</source>
        <translation>暂时无法查询此商品，请咨询店员。</translation>
    </message>
    <message>
        <source>We don&apos;t know this barcode. Please ask a member of staff.</source>
        <translation>无法识别此条码，请咨询店员。</translation>
    </message>
    <message>
        <source>Your choice couldn&apos;t be saved just now. Please try again.</source>
        <translation>暂时无法保存您的选择，请再试一次。</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <source>The mirror will be back in a moment</source>
        <translation>试衣镜即将恢复，请稍候</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Step closer to try on</source>
        <translation>走近一些，即可试妆试穿</translation>
    </message>
    <message>
        <source>Hello! Hold still a moment</source>
        <translation>您好！请稍站片刻</translation>
    </message>
    <message>
        <source>Lipstick</source>
        <translation>口红</translation>
    </message>
    <message>
        <source>Clothes</source>
        <translation>服装</translation>
    </message>
    <message>
        <source>Suits you</source>
        <translation>适合你</translation>
    </message>
    <message>
        <source>Often chosen with {product}</source>
        <translation>常与「{product}」一起选择</translation>
    </message>
    <message>
        <source>A favourite of our members</source>
        <translation>会员热门之选</translation>
    </message>
    <message>
        <source>On your wishlist</source>
        <translation>在你的心愿单里</translation>
    </message>
    <message>
        <source>Saved in the app</source>
        <translation>在App中保存的搭配</translation>
    </message>
    <message>
        <source>Picked from what you and other members tried and bought</source>
        <translation>根据你和其他会员的试妆与购买为你挑选</translation>
    </message>
    <message>
        <source>Picked for your skin tone, seen by this mirror only and forgotten when you leave</source>
        <translation>按你的肤色挑选：只由这面镜子读取，你离开后即删除</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>白皙</translation>
    </message>
    <message>
        <source>light</source>
        <translation>浅</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <source>tan</source>
        <translation>小麦</translation>
    </message>
    <message>
        <source>deep</source>
        <translation>深</translation>
    </message>
    <message>
        <source>cool undertone</source>
        <translation>冷调</translation>
    </message>
    <message>
        <source>neutral undertone</source>
        <translation>中性调</translation>
    </message>
    <message>
        <source>warm undertone</source>
        <translation>暖调</translation>
    </message>
    <message>
        <source>{day} {month} {time}</source>
        <translation>{month}月{day}日 {time}</translation>
    </message>
    <message>
        <source>Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec</source>
        <translation>1 2 3 4 5 6 7 8 9 10 11 12</translation>
    </message>
    <message>
        <source>Matte</source>
        <translation>哑光</translation>
    </message>
    <message>
        <source>Satin</source>
        <translation>缎光</translation>
    </message>
    <message>
        <source>Cream</source>
        <translation>滋润</translation>
    </message>
    <message>
        <source>Gloss</source>
        <translation>亮泽</translation>
    </message>
    <message>
        <source>Shimmer</source>
        <translation>珠光</translation>
    </message>
    <message>
        <source>Metallic</source>
        <translation>金属光</translation>
    </message>
    <message>
        <source>Sheer</source>
        <translation>轻透</translation>
    </message>
</context>
</TS>
