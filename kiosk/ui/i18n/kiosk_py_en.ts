<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Consent</name>
    <message>
        <source>Save your try-ons to your account?</source>
        <translation>Save your try-ons to your account?</translation>
    </message>
    <message>
        <source>If you agree, this mirror records the products you try against your member account: the product code (SKU), the shade or size, how long you tried it, the time, and this store.</source>
        <translation>If you agree, this mirror records the products you try against your member account: the product code (SKU), the shade or size, how long you tried it, the time, and this store.</translation>
    </message>
    <message>
        <source>Why: so you can find these products again in our app and online shop, and so our staff can help you with what you liked.</source>
        <translation>Why: so you can find these products again in our app and online shop, and so our staff can help you with what you liked.</translation>
    </message>
    <message>
        <source>Never recorded: pictures or video of you, and any data about your face. The mirror finds the outline of your lips only to place the make-up, recognises no one, and forgets you when you walk away.</source>
        <translation>Never recorded: pictures or video of you, and any data about your face. The mirror finds the outline of your lips only to place the make-up, recognises no one, and forgets you when you walk away.</translation>
    </message>
    <message>
        <source>You can withdraw at any time: in the app&apos;s privacy settings, or ask a member of staff. After that, nothing more is recorded against your account.</source>
        <translation>You can withdraw at any time: in the app&apos;s privacy settings, or ask a member of staff. After that, nothing more is recorded against your account.</translation>
    </message>
    <message>
        <source>If you say no, you can still try everything; only anonymous counts are kept.</source>
        <translation>If you say no, you can still try everything; only anonymous counts are kept.</translation>
    </message>
    <message>
        <source>Yes, save my try-ons</source>
        <translation>Yes, save my try-ons</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>No thanks</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Finding your size…</source>
        <translation>Finding your size…</translation>
    </message>
    <message>
        <source>We suggest {size}</source>
        <translation>We suggest {size}</translation>
    </message>
    <message>
        <source>We suggest {size}; between {low} and {high}</source>
        <translation>We suggest {size}; between {low} and {high}</translation>
    </message>
    <message>
        <source>Shoulders about {cm} cm</source>
        <translation>Shoulders about {cm} cm</translation>
    </message>
    <message>
        <source>Reserve here</source>
        <translation>Reserve here</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>Reserving…</translation>
    </message>
    <message>
        <source>Buy online</source>
        <translation>Buy online</translation>
    </message>
    <message>
        <source>Buy the look online</source>
        <translation>Buy the look online</translation>
    </message>
    <message>
        <source>Save to my account</source>
        <translation>Save to my account</translation>
    </message>
    <message>
        <source>Save look</source>
        <translation>Save look</translation>
    </message>
    <message>
        <source>{count} products · {price} in all</source>
        <translation>{count} products · {price} in all</translation>
    </message>
    <message>
        <source>{count} products</source>
        <translation>{count} products</translation>
    </message>
    <message>
        <source>Online price: {price}</source>
        <translation>Online price: {price}</translation>
    </message>
    <message>
        <source>{price} online: we match it here</source>
        <translation>{price} online: we match it here</translation>
    </message>
    <message>
        <source>On the shelf here</source>
        <translation>On the shelf here</translation>
    </message>
    <message>
        <source>On the shelf here · {count} left</source>
        <translation>On the shelf here · {count} left</translation>
    </message>
    <message>
        <source>On the shelf here · the last one</source>
        <translation>On the shelf here · the last one</translation>
    </message>
    <message>
        <source>Not on the shelf here right now</source>
        <translation>Not on the shelf here right now</translation>
    </message>
    <message>
        <source>{count} at {place}</source>
        <translation>{count} at {place}</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>{m} m</source>
        <translation>{m} m</translation>
    </message>
    <message>
        <source>ready in {n} min</source>
        <translation>ready in {n} min</translation>
    </message>
    <message>
        <source>ready in {n} h</source>
        <translation>ready in {n} h</translation>
    </message>
    <message>
        <source>ready in 1 day</source>
        <translation>ready in 1 day</translation>
    </message>
    <message>
        <source>ready in {n} days</source>
        <translation>ready in {n} days</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Online · ships today</source>
        <translation>Online · ships today</translation>
    </message>
    <message>
        <source>Online · delivered in 1 day</source>
        <translation>Online · delivered in 1 day</translation>
    </message>
    <message>
        <source>Online · delivered in {days} days</source>
        <translation>Online · delivered in {days} days</translation>
    </message>
    <message>
        <source>Not available online right now</source>
        <translation>Not available online right now</translation>
    </message>
    <message>
        <source>All sold for now; staff can tell you when more arrive</source>
        <translation>All sold for now; staff can tell you when more arrive</translation>
    </message>
    <message>
        <source>This store</source>
        <translation>This store</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>On the shelf</translation>
    </message>
    <message>
        <source>{count} left</source>
        <translation>{count} left</translation>
    </message>
    <message>
        <source>The last one</source>
        <translation>The last one</translation>
    </message>
    <message>
        <source>{count} available</source>
        <translation>{count} available</translation>
    </message>
    <message>
        <source>None left</source>
        <translation>None left</translation>
    </message>
    <message>
        <source>Ships today</source>
        <translation>Ships today</translation>
    </message>
    <message>
        <source>Delivered in 1 day</source>
        <translation>Delivered in 1 day</translation>
    </message>
    <message>
        <source>Delivered in {days} days</source>
        <translation>Delivered in {days} days</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Stock as of {time}</source>
        <translation>Stock as of {time}</translation>
    </message>
    <message>
        <source>Checking stock…</source>
        <translation>Checking stock…</translation>
    </message>
    <message>
        <source>{summary}  ▾</source>
        <translation>{summary}  ▾</translation>
    </message>
    <message>
        <source>▴ Show less</source>
        <translation>▴ Show less</translation>
    </message>
    <message>
        <source>Reserved for you</source>
        <translation>Reserved for you</translation>
    </message>
    <message>
        <source>Not reserved</source>
        <translation>Not reserved</translation>
    </message>
    <message>
        <source>Waiting for you at {place} · {until}</source>
        <translation>Waiting for you at {place} · {until}</translation>
    </message>
    <message>
        <source>Held at {place} · {until} · it may have sold out meanwhile, please check with staff</source>
        <translation>Held at {place} · {until} · it may have sold out meanwhile, please check with staff</translation>
    </message>
    <message>
        <source>held until {time}</source>
        <translation>held until {time}</translation>
    </message>
    <message>
        <source>the hold ended at {time}</source>
        <translation>the hold ended at {time}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>collected</source>
        <translation>collected</translation>
    </message>
    <message>
        <source>Show this code at the counter to collect it</source>
        <translation>Show this code at the counter to collect it</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Making your code…</source>
        <translation>Making your code…</translation>
    </message>
    <message>
        <source>Scan with your phone to buy online · valid until {time}</source>
        <translation>Scan with your phone to buy online · valid until {time}</translation>
    </message>
    <message>
        <source>The code in your member app has {digits} digits</source>
        <translation>The code in your member app has {digits} digits</translation>
    </message>
    <message>
        <source>{tier} · {points} points</source>
        <translation>{tier} · {points} points</translation>
    </message>
    <message>
        <source>Member price {price}</source>
        <translation>Member price {price}</translation>
    </message>
    <message>
        <source>We don&apos;t know this member code. You can type the code shown in your member app instead.</source>
        <translation>We don&apos;t know this member code. You can type the code shown in your member app instead.</translation>
    </message>
    <message>
        <source>We don&apos;t know this code. Please check the code in your member app and type it again.</source>
        <translation>We don&apos;t know this code. Please check the code in your member app and type it again.</translation>
    </message>
    <message>
        <source>Too many tries. Please wait a minute, then try again.</source>
        <translation>Too many tries. Please wait a minute, then try again.</translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation>Eyes</translation>
    </message>
    <message>
        <source>Cheeks</source>
        <translation>Cheeks</translation>
    </message>
    <message>
        <source>Brows</source>
        <translation>Brows</translation>
    </message>
    <message>
        <source>Looks</source>
        <translation>Looks</translation>
    </message>
    <message>
        <source>Eyeshadow</source>
        <translation>Eyeshadow</translation>
    </message>
    <message>
        <source>Eyeliner</source>
        <translation>Eyeliner</translation>
    </message>
    <message>
        <source>Mascara</source>
        <translation>Mascara</translation>
    </message>
    <message>
        <source>Blush</source>
        <translation>Blush</translation>
    </message>
    <message>
        <source>Brow colour</source>
        <translation>Brow colour</translation>
    </message>
    <message>
        <source>Wishlist</source>
        <translation>Wishlist</translation>
    </message>
    <message>
        <source>App looks</source>
        <translation>App looks</translation>
    </message>
    <message>
        <source>{product} + {n}</source>
        <translation>{product} + {n}</translation>
    </message>
    <message>
        <source>Suits {depth} skin, {undertone}</source>
        <translation>Suits {depth} skin, {undertone}</translation>
    </message>
    <message>
        <source>Close to your {depth} skin, {undertone}</source>
        <translation>Close to your {depth} skin, {undertone}</translation>
    </message>
    <message>
        <source>For your {undertone}</source>
        <translation>For your {undertone}</translation>
    </message>
    <message>
        <source>Picked from what members choose together, and for your skin tone (read here, forgotten when you leave)</source>
        <translation>Picked from what members choose together, and for your skin tone (read here, forgotten when you leave)</translation>
    </message>
    <message>
        <source>From your wishlist in the app: tap one to try it on</source>
        <translation>From your wishlist in the app: tap one to try it on</translation>
    </message>
    <message>
        <source>Your looks from the app: tap one to wear it</source>
        <translation>Your looks from the app: tap one to wear it</translation>
    </message>
    <message>
        <source>That code is not a member code. Please show the one in the app.</source>
        <translation>That code is not a member code. Please show the one in the app.</translation>
    </message>
    <message>
        <source>Saved to your account</source>
        <translation>Saved to your account</translation>
    </message>
    <message>
        <source>Not saved: you chose not to save try-ons</source>
        <translation>Not saved: you chose not to save try-ons</translation>
    </message>
    <message>
        <source>{name} · saving try-ons</source>
        <translation>{name} · saving try-ons</translation>
    </message>
    <message>
        <source>Stop saving</source>
        <translation>Stop saving</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Stock can&apos;t be checked right now. Staff can check it for you.</source>
        <translation>Stock can&apos;t be checked right now. Staff can check it for you.</translation>
    </message>
    <message>
        <source>This couldn&apos;t be reserved right now. Please ask a member of staff.</source>
        <translation>This couldn&apos;t be reserved right now. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>None left to reserve here. A nearby store or online may have it.</source>
        <translation>None left to reserve here. A nearby store or online may have it.</translation>
    </message>
    <message>
        <source>Buying online isn&apos;t possible right now. Please try again in a moment.</source>
        <translation>Buying online isn&apos;t possible right now. Please try again in a moment.</translation>
    </message>
    <message>
        <source>This item can&apos;t be bought online right now.</source>
        <translation>This item can&apos;t be bought online right now.</translation>
    </message>
    <message>
        <source>Signing in isn&apos;t possible right now. Please try again in a moment.</source>
        <translation>Signing in isn&apos;t possible right now. Please try again in a moment.</translation>
    </message>
    <message>
        <source>This member code has expired. Open the app to show a fresh one.</source>
        <translation>This member code has expired. Open the app to show a fresh one.</translation>
    </message>
    <message>
        <source>This item can&apos;t be looked up right now. Please ask a member of staff.</source>
        <translation>This item can&apos;t be looked up right now. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>We don&apos;t know this barcode. Please ask a member of staff.</source>
        <translation>We don&apos;t know this barcode. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>Your choice couldn&apos;t be saved just now. Please try again.</source>
        <translation>Your choice couldn&apos;t be saved just now. Please try again.</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>Getting ready…</translation>
    </message>
    <message>
        <source>The mirror will be back in a moment</source>
        <translation>The mirror will be back in a moment</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <source>Step closer to try on</source>
        <translation>Step closer to try on</translation>
    </message>
    <message>
        <source>Hello! Hold still a moment</source>
        <translation>Hello! Hold still a moment</translation>
    </message>
    <message>
        <source>Lipstick</source>
        <translation>Lipstick</translation>
    </message>
    <message>
        <source>Clothes</source>
        <translation>Clothes</translation>
    </message>
    <message>
        <source>Suits you</source>
        <translation>Suits you</translation>
    </message>
    <message>
        <source>Often chosen with {product}</source>
        <translation>Often chosen with {product}</translation>
    </message>
    <message>
        <source>A favourite of our members</source>
        <translation>A favourite of our members</translation>
    </message>
    <message>
        <source>On your wishlist</source>
        <translation>On your wishlist</translation>
    </message>
    <message>
        <source>Saved in the app</source>
        <translation>Saved in the app</translation>
    </message>
    <message>
        <source>Picked from what you and other members tried and bought</source>
        <translation>Picked from what you and other members tried and bought</translation>
    </message>
    <message>
        <source>Picked for your skin tone, seen by this mirror only and forgotten when you leave</source>
        <translation>Picked for your skin tone, seen by this mirror only and forgotten when you leave</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>fair</translation>
    </message>
    <message>
        <source>light</source>
        <translation>light</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>medium</translation>
    </message>
    <message>
        <source>tan</source>
        <translation>tan</translation>
    </message>
    <message>
        <source>deep</source>
        <translation>deep</translation>
    </message>
    <message>
        <source>cool undertone</source>
        <translation>cool undertone</translation>
    </message>
    <message>
        <source>neutral undertone</source>
        <translation>neutral undertone</translation>
    </message>
    <message>
        <source>warm undertone</source>
        <translation>warm undertone</translation>
    </message>
    <message>
        <source>{day} {month} {time}</source>
        <translation>{day} {month} {time}</translation>
    </message>
    <message>
        <source>Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec</source>
        <translation>Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec</translation>
    </message>
    <message>
        <source>Matte</source>
        <translation>Matte</translation>
    </message>
    <message>
        <source>Satin</source>
        <translation>Satin</translation>
    </message>
    <message>
        <source>Cream</source>
        <translation>Cream</translation>
    </message>
    <message>
        <source>Gloss</source>
        <translation>Gloss</translation>
    </message>
    <message>
        <source>Shimmer</source>
        <translation>Shimmer</translation>
    </message>
    <message>
        <source>Metallic</source>
        <translation>Metallic</translation>
    </message>
    <message>
        <source>Sheer</source>
        <translation>Sheer</translation>
    </message>
</context>
</TS>
