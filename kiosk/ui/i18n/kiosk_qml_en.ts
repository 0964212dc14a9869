<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccessibilityToggle</name>
    <message>
        <source>Larger text and stronger contrast</source>
        <extracomment>Accessible name of the &quot;Aa&quot; button that makes every word larger and clearer</extracomment>
        <translation>Larger text and stronger contrast</translation>
    </message>
    <message>
        <source>Aa</source>
        <extracomment>The &quot;Aa&quot; button&apos;s face: larger text on/off (keep it two letters)</extracomment>
        <translation>Aa</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Step closer to try on</source>
        <extracomment>The attract screen&apos;s invitation, read from 2 m away: come close to the mirror</extracomment>
        <translation>Step closer to try on</translation>
    </message>
    <message>
        <source>See lipstick shades and clothes on you, live in the mirror</source>
        <extracomment>The attract screen&apos;s second line: what the mirror does, no app or touch needed</extracomment>
        <translation>See lipstick shades and clothes on you, live in the mirror</translation>
    </message>
</context>
<context>
    <name>BeforeAfter</name>
    <message>
        <source>Move the dividing line</source>
        <extracomment>Accessible name of the handle that moves the before/after dividing line</extracomment>
        <translation>Move the dividing line</translation>
    </message>
    <message>
        <source>Split
view</source>
        <extracomment>Round button: split the mirror, bare on one side, the shade on the other</extracomment>
        <translation>Split
view</translation>
    </message>
    <message>
        <source>After</source>
        <extracomment>Round button while the mirror shows the shopper bare: put the product back</extracomment>
        <translation>After</translation>
    </message>
    <message>
        <source>Before</source>
        <extracomment>Round button: show the shopper without the product (tap again for after)</extracomment>
        <translation>Before</translation>
    </message>
</context>
<context>
    <name>ClosedSign</name>
    <message>
        <source>This mirror is closed for now</source>
        <extracomment>Shown on a mirror that staff have closed (its camera is off)</extracomment>
        <translation>This mirror is closed for now</translation>
    </message>
    <message>
        <source>Please ask a member of staff</source>
        <extracomment>Under the closed sign: who can help a shopper</extracomment>
        <translation>Please ask a member of staff</translation>
    </message>
</context>
<context>
    <name>CompareCell</name>
    <message>
        <source>Tap a shade to add</source>
        <translation>Tap a shade to add</translation>
    </message>
</context>
<context>
    <name>DebugOverlay</name>
    <message>
        <source>waiting for frames…</source>
        <extracomment>Developer overlay before the first frame (developer mode only)</extracomment>
        <translation>waiting for frames…</translation>
    </message>
</context>
<context>
    <name>IntensitySlider</name>
    <message>
        <source>Lipstick strength</source>
        <extracomment>Accessible name of the lipstick strength slider</extracomment>
        <translation>Lipstick strength</translation>
    </message>
    <message>
        <source>Strength</source>
        <extracomment>Label over the slider that sets how strong the lipstick colour is</extracomment>
        <translation>Strength</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <extracomment>Accessible name of a keypad&apos;s delete key (removes the last character)</extracomment>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Try-on mirror</source>
        <extracomment>The window&apos;s title (seen by staff in the task list, not by shoppers)</extracomment>
        <translation>Try-on mirror</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>A round button: leave the side-by-side view of up to four shades</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <source>Compare</source>
        <extracomment>A round button: show up to four shades side by side</extracomment>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Photo</source>
        <extracomment>A round button: take a photo of the current look</extracomment>
        <translation>Photo</translation>
    </message>
</context>
<context>
    <name>PhotoDialog</name>
    <message>
        <source>Take a photo?</source>
        <extracomment>Photo dialog title: asks before any photo is taken</extracomment>
        <translation>Larger text and stronger contrast</translation>
    </message>
    <message>
        <source>Sending your photo…</source>
        <extracomment>Photo dialog title while the photo is sent to the store system</extracomment>
        <translation>Sending your photo…</translation>
    </message>
    <message>
        <source>Your photo is ready</source>
        <extracomment>Photo dialog title when the QR code for the photo is shown</extracomment>
        <translation>Your photo is ready</translation>
    </message>
    <message>
        <source>No photo this time</source>
        <extracomment>Photo dialog title when no photo could be sent</extracomment>
        <translation>No photo this time</translation>
    </message>
    <message>
        <source>QR code for your photo</source>
        <extracomment>Accessible name of the QR code that opens the photo on a phone</extracomment>
        <translation>QR code for your photo</translation>
    </message>
    <message>
        <source>We send it to your phone by QR code. It is deleted after %1 hours.</source>
        <extracomment>Photo dialog: what happens to the photo; %1 is a number of hours (24)</extracomment>
        <translation>We send it to your phone by QR code. It is deleted after %1 hours.</translation>
    </message>
    <message>
        <source>One moment, please.</source>
        <extracomment>Photo dialog: shown for a moment while the photo is sent</extracomment>
        <translation>One moment, please.</translation>
    </message>
    <message>
        <source>Scan with your phone to save your photo. It is deleted on %1.</source>
        <extracomment>Photo dialog: %1 is a date and time, e.g. &quot;1 Dec 14:02&quot;</extracomment>
        <translation>Scan with your phone to save your photo. It is deleted on %1.</translation>
    </message>
    <message>
        <source>We can&apos;t send photos right now, so none was kept. Please try again in a moment.</source>
        <extracomment>Photo dialog: the store system is away; nothing was kept</extracomment>
        <translation>We can&apos;t send photos right now, so none was kept. Please try again in a moment.</translation>
    </message>
    <message>
        <source>We couldn&apos;t see you just now. Stand in front of the mirror and try again.</source>
        <extracomment>Photo dialog: the camera had no picture of the shopper</extracomment>
        <translation>We couldn&apos;t see you just now. Stand in front of the mirror and try again.</translation>
    </message>
    <message>
        <source>Something went wrong, so no photo was kept. Please try again.</source>
        <extracomment>Photo dialog: any other failure; nothing was kept</extracomment>
        <translation>Something went wrong, so no photo was kept. Please try again.</translation>
    </message>
    <message>
        <source>Yes, take it</source>
        <extracomment>Photo dialog button: yes, take the photo</extracomment>
        <translation>Yes, take it</translation>
    </message>
    <message>
        <source>No, thanks</source>
        <extracomment>Photo dialog button: no photo</extracomment>
        <translation>No, thanks</translation>
    </message>
    <message>
        <source>Try again</source>
        <extracomment>Photo dialog button: ask again for a photo after a failure</extracomment>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Photo dialog button: close the dialog</extracomment>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <source>Save to my account</source>
        <extracomment>Title of the sign-in panel (member account, to keep the shades tried)</extracomment>
        <translation>Save to my account</translation>
    </message>
    <message>
        <source>Hold the member code in our app up to the mirror, or type the code shown in your member app</source>
        <extracomment>Sign-in instructions: the member QR code in the brand&apos;s phone app, or the short code the app shows under it</extracomment>
        <translation>Hold the member code in our app up to the mirror, or type the code shown in your member app</translation>
    </message>
    <message>
        <source>Code from your app</source>
        <extracomment>Placeholder in the empty field for the code from the member app</extracomment>
        <translation>Code from your app</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>Keypad key that confirms the typed member code</extracomment>
        <translation>OK</translation>
    </message>
    <message>
        <source>Looking you up…</source>
        <extracomment>Shown while the store system looks up the member code</extracomment>
        <translation>Looking you up…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Closes the sign-in panel without signing in</extracomment>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StaffSignIn</name>
    <message>
        <source>Staff: %1</source>
        <extracomment>Staff menu title; %1 is the signed-in staff member&apos;s name</extracomment>
        <translation>Staff: %1</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <extracomment>Title of the staff sign-in panel (store staff only, opened by a hidden hold)</extracomment>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <source>Type your staff number</source>
        <extracomment>Staff sign-in, first step</extracomment>
        <translation>Type your staff number</translation>
    </message>
    <message>
        <source>Type the PIN for %1</source>
        <extracomment>Staff sign-in, second step; %1 is the staff number typed before</extracomment>
        <translation>Type the PIN for %1</translation>
    </message>
    <message>
        <source>This mirror is closed. Open it again when shoppers may use it.</source>
        <extracomment>Staff menu, on a mirror that staff closed</extracomment>
        <translation>This mirror is closed. Open it again when shoppers may use it.</translation>
    </message>
    <message>
        <source>Restarting or closing ends the shopper&apos;s session on this mirror.</source>
        <extracomment>Staff menu: what restarting or closing does to the shopper in front of the mirror</extracomment>
        <translation>Restarting or closing ends the shopper&apos;s session on this mirror.</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Placeholder in the empty PIN field</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Staff number</source>
        <extracomment>Placeholder in the empty staff number field</extracomment>
        <translation>Staff number</translation>
    </message>
    <message>
        <source>Next</source>
        <extracomment>Staff sign-in: go on from the staff number to the PIN</extracomment>
        <translation>Next</translation>
    </message>
    <message>
        <source>Sign in</source>
        <extracomment>Staff sign-in key: check the PIN and sign in</extracomment>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>Shown while the store system checks a staff PIN</extracomment>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>That staff number and PIN do not match. Check both and try again.</source>
        <extracomment>Staff sign-in refused</extracomment>
        <translation>That staff number and PIN do not match. Check both and try again.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <extracomment>Staff sign-in locked after too many wrong PINs; %n is minutes to wait</extracomment>
        <translation>
            <numerusform>Too many wrong PINs. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong PINs. Try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>The store system cannot be reached to check the PIN. Try again in a moment.</source>
        <extracomment>Staff sign-in: the hub that checks PINs cannot be reached</extracomment>
        <translation>The store system cannot be reached to check the PIN. Try again in a moment.</translation>
    </message>
    <message>
        <source>Sign-in did not work. Try again, or call the store&apos;s IT support.</source>
        <extracomment>Staff sign-in failed for another reason</extracomment>
        <translation>Sign-in did not work. Try again, or call the store&apos;s IT support.</translation>
    </message>
    <message>
        <source>Style this shopper</source>
        <extracomment>Staff menu: open the stylist&apos;s panel to style the shopper at the mirror</extracomment>
        <translation>Style this shopper</translation>
    </message>
    <message>
        <source>Open the mirror</source>
        <extracomment>Staff menu: open a mirror that staff closed (the camera comes back on)</extracomment>
        <translation>Open the mirror</translation>
    </message>
    <message>
        <source>Close the mirror</source>
        <extracomment>Staff menu: close the mirror (camera off, a closed sign) until staff open it</extracomment>
        <translation>Close the mirror</translation>
    </message>
    <message>
        <source>Restart the mirror</source>
        <extracomment>Staff menu: restart the mirror app (back in a few seconds, fresh)</extracomment>
        <translation>Restart the mirror</translation>
    </message>
    <message>
        <source>Quit the app</source>
        <extracomment>Staff menu on a mirror not run as a service: quit the app</extracomment>
        <translation>Quit the app</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Staff sign-in: back from the PIN to the staff number</extracomment>
        <translation>Back</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Staff menu: sign out and return to the mirror</extracomment>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Closes the staff sign-in without signing in</extracomment>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StylingSheet</name>
    <message>
        <source>Styling</source>
        <extracomment>Title of the stylist&apos;s panel (staff styling a shopper at the mirror)</extracomment>
        <translation>Styling</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Closes the stylist&apos;s panel (the kept looks are forgotten)</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <source>Search by name, SKU or barcode</source>
        <extracomment>Placeholder of the stylist&apos;s search field</extracomment>
        <translation>Search by name, SKU or barcode</translation>
    </message>
    <message>
        <source>Nothing found. Try another name, or hold the product&apos;s barcode up to the mirror.</source>
        <extracomment>The stylist&apos;s search found nothing</extracomment>
        <translation>Nothing found. Try another name, or hold the product&apos;s barcode up to the mirror.</translation>
    </message>
    <message>
        <source>Remove this look</source>
        <extracomment>Accessible name of the cross on a kept look in the stylist&apos;s panel</extracomment>
        <translation>Remove this look</translation>
    </message>
    <message>
        <source>Four looks kept</source>
        <extracomment>The stylist has kept four looks, the most there can be</extracomment>
        <translation>Four looks kept</translation>
    </message>
    <message>
        <source>Keep this look</source>
        <extracomment>Keeps what the shopper wears now as one of up to four looks</extracomment>
        <translation>Keep this look</translation>
    </message>
    <message>
        <source>Stop comparing</source>
        <extracomment>Leaves the side-by-side view of the kept looks</extracomment>
        <translation>Stop comparing</translation>
    </message>
    <message>
        <source>Compare looks</source>
        <extracomment>Shows the kept looks&apos; lip shades side by side</extracomment>
        <translation>Compare looks</translation>
    </message>
    <message>
        <source>Looks to phone</source>
        <extracomment>Makes a QR code that opens the kept looks on the shopper&apos;s phone</extracomment>
        <translation>Looks to phone</translation>
    </message>
    <message>
        <source>Save to member&apos;s account</source>
        <extracomment>Saves the kept looks to the signed-in member&apos;s account</extracomment>
        <translation>Save to member&apos;s account</translation>
    </message>
    <message>
        <source>Last look to checkout</source>
        <extracomment>Makes a cart QR of the last kept look for the shopper to pay on their phone</extracomment>
        <translation>Last look to checkout</translation>
    </message>
    <message>
        <source>QR code for the looks</source>
        <extracomment>Accessible name of the QR code of the stylist&apos;s looks or cart</extracomment>
        <translation>QR code for the looks</translation>
    </message>
    <message>
        <source>One moment…</source>
        <extracomment>While the lookbook or cart is being made at the store system</extracomment>
        <translation>One moment…</translation>
    </message>
    <message>
        <source>Scan to keep these looks on your phone</source>
        <extracomment>Under the lookbook QR</extracomment>
        <translation>Scan to keep these looks on your phone</translation>
    </message>
    <message>
        <source>Scan to buy this look on your phone</source>
        <extracomment>Under the cart QR of a look</extracomment>
        <translation>Scan to buy this look on your phone</translation>
    </message>
    <message>
        <source>Saved to the member&apos;s account</source>
        <extracomment>The looks were saved to the member&apos;s account</extracomment>
        <translation>Saved to the member&apos;s account</translation>
    </message>
    <message>
        <source>The store system cannot be reached. Try again in a moment.</source>
        <extracomment>The store system cannot be reached to save the looks</extracomment>
        <translation>The store system cannot be reached. Try again in a moment.</translation>
    </message>
    <message>
        <source>The member has not agreed to save their looks. Ask them first.</source>
        <extracomment>The member has not agreed to keep their try-ons</extracomment>
        <translation>The member has not agreed to save their looks. Ask them first.</translation>
    </message>
    <message>
        <source>Phones cannot open links from this mirror yet. Ask the store&apos;s IT support.</source>
        <extracomment>This store&apos;s set-up has no address phones can open</extracomment>
        <translation>Phones cannot open links from this mirror yet. Ask the store&apos;s IT support.</translation>
    </message>
    <message>
        <source>That did not work. Try again.</source>
        <extracomment>Saving the looks failed for another reason</extracomment>
        <translation>That did not work. Try again.</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the QR code in the stylist&apos;s panel (back to the looks)</extracomment>
        <translation>Close</translation>
    </message>
    <message>
        <source>Size</source>
        <extracomment>Label before the size chips in the stylist&apos;s notes</extracomment>
        <translation>Size</translation>
    </message>
    <message>
        <source>Natural</source>
        <extracomment>Stylist&apos;s note: the shopper likes a natural look</extracomment>
        <translation>Natural</translation>
    </message>
    <message>
        <source>Bold</source>
        <extracomment>Stylist&apos;s note: the shopper likes bold colours</extracomment>
        <translation>Bold</translation>
    </message>
    <message>
        <source>Matte</source>
        <extracomment>Stylist&apos;s note: the shopper likes matte finishes</extracomment>
        <translation>Matte</translation>
    </message>
    <message>
        <source>Glossy</source>
        <extracomment>Stylist&apos;s note: the shopper likes glossy finishes</extracomment>
        <translation>Glossy</translation>
    </message>
    <message>
        <source>Warm tones</source>
        <extracomment>Stylist&apos;s note: the shopper likes warm tones</extracomment>
        <translation>Warm tones</translation>
    </message>
    <message>
        <source>Cool tones</source>
        <extracomment>Stylist&apos;s note: the shopper likes cool tones</extracomment>
        <translation>Cool tones</translation>
    </message>
    <message>
        <source>Classic</source>
        <extracomment>Stylist&apos;s note: the shopper likes classic styles</extracomment>
        <translation>Classic</translation>
    </message>
    <message>
        <source>Trendy</source>
        <extracomment>Stylist&apos;s note: the shopper likes trendy styles</extracomment>
        <translation>Trendy</translation>
    </message>
</context>
</TS>
