// Eye, cheek and brow makeup on the GPU: the same colour model, step for step, as
// kiosk/render/makeup.py `composite_makeup()` (the NumPy reference and test oracle).
// Per-face uniforms come from `prepare_makeup()` (`makeup_gpu.makeup_uniforms`); three mask
// textures carry the regions' weights: maskA = lid, crease, outer corner, (none) and
// maskB = lashes, liner, brow, spare over the eyes and brows (neither alpha carries a
// weight: the mask layers are laid together by premultiplied blending); maskC = the blush over the
// cheeks (its red). The weights are before the glasses' gate: a face
// wearing glasses has its gate (what the frame lines leave, on the face-space canvas of
// kiosk/vision/glasses.py) sampled here through this frame's frame -> canvas map, as
// `glasses.apply_gate` warps it on the CPU.
#version 440

layout(location = 0) in vec2 qt_TexCoord0;
layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float strength;     // the strongest pigment's strength; 0 = bare mirror
    float wipe;         // before/after: left of this x (0..1) shows the bare mirror
    vec4 lid;           // each pigment: CIELAB under the scene light, w: strength
    vec4 crease;
    vec4 outer;
    vec4 liner;
    vec4 lashes;
    vec4 blush;
    vec4 brow;
    vec4 eyeMean;       // the skin's mean L, a, b and lightness spread (w) per area
    vec4 cheekMean;
    vec4 browMean;
    vec4 texGainA;      // share of the skin's lightness relief kept: lid, crease, outer, liner
    vec4 texGainB;      // lashes, blush, brow
    vec4 chromaA;       // share of the skin's chroma variation kept, same order
    vec4 chromaB;
    vec4 shadowSpec;    // rgb: linear sheen colour; w: gloss
    vec4 shadowGlint;   // rgb: linear glint colour; w: sparkle
    vec4 blushSpec;
    vec4 blushGlint;
    vec4 frameRow0;     // frame pixels -> face space (eye distance 1); w: glint radius (cells)
    vec4 frameRow1;     // w: glint cells per eye distance
    vec4 uvToPixel;     // frame pixel = uv * xy + zw
    vec4 glassesRow0;   // frame pixel -> glasses canvas uv (x: row0.xy . px + row0.z);
    vec4 glassesRow1;   // ... w of row 0: 1 when the face wears glasses
};

layout(binding = 1) uniform sampler2D source;
layout(binding = 2) uniform sampler2D maskA;
layout(binding = 3) uniform sampler2D maskB;
layout(binding = 4) uniform sampler2D glassesKeep;
layout(binding = 5) uniform sampler2D maskC;

const vec3 WHITE = vec3(0.950455904, 1.0, 1.089057803);
const mat3 RGB_TO_XYZ = mat3(  // column-major
    0.4123908, 0.2126390, 0.0193308,
    0.3575843, 0.7151687, 0.1191948,
    0.1804808, 0.0721923, 0.9505322);
const mat3 XYZ_TO_RGB = mat3(
    3.240969658, -0.969243526, 0.055630151,
    -1.537382841, 1.875967264, -0.203977004,
    -0.498610765, 0.041555092, 1.056971431);
const float EPS = 0.008856451679;    // (6/29)^3
const float KAPPA = 0.128418549346;  // 3 (6/29)^2
const vec3 LUMINANCE = vec3(0.2126390, 0.7151687, 0.0721923);
const float SPEC_GAIN = 0.45, SPEC_FROM = 0.6, SPEC_TO = 2.2;
const float SPARKLE_GAIN = 0.9, SHEEN_GAIN = 0.04;  // a powder's sheen, weaker than a gloss's
const vec2 SPARKLE_DENSITY = vec2(0.06, 0.22);
const float HAIR_FROM = 12.0, HAIR_TO = 30.0;  // powders fade out on what is this much darker
const float BROW_LIFT = 0.3, LIFT_RAMP = 6.0;  // a brow film over darker: BROW_LIFT of its weight

vec3 srgbToLinear(vec3 c) {
    return mix(c / 12.92, pow((max(c, vec3(0.04045)) + 0.055) / 1.055, vec3(2.4)),
               greaterThan(c, vec3(0.04045)));
}

vec3 linearToSrgb(vec3 c) {
    return mix(c * 12.92, 1.055 * pow(max(c, vec3(0.0031308)), vec3(1.0 / 2.4)) - 0.055,
               greaterThan(c, vec3(0.0031308)));
}

vec3 labF(vec3 t) {
    return mix(t / KAPPA + 4.0 / 29.0, pow(max(t, vec3(EPS)), vec3(1.0 / 3.0)), greaterThan(t, vec3(EPS)));
}

vec3 linearToLab(vec3 rgb) {
    vec3 f = labF((RGB_TO_XYZ * rgb) / WHITE);
    return vec3(116.0 * f.y - 16.0, 500.0 * (f.x - f.y), 200.0 * (f.y - f.z));
}

vec3 labToLinear(vec3 lab) {
    float fy = (lab.x + 16.0) / 116.0;
    vec3 f = vec3(fy + lab.y / 500.0, fy, fy - lab.z / 200.0);
    vec3 t = mix(KAPPA * (f - 4.0 / 29.0), f * f * f, greaterThan(f, vec3(6.0 / 29.0)));
    return XYZ_TO_RGB * (t * WHITE);
}

vec3 intoGamut(vec3 rgb) {
    float y = clamp(dot(rgb, LUMINANCE), 0.0, 1.0);
    float hi = max(max(rgb.r, rgb.g), rgb.b);
    float lo = min(min(rgb.r, rgb.g), rgb.b);
    float tHi = hi > 1.0 ? (1.0 - y) / max(hi - y, 1e-7) : 1.0;
    float tLo = lo < 0.0 ? y / max(y - lo, 1e-7) : 1.0;
    float t = clamp(min(tHi, tLo), 0.0, 1.0);
    return y + (rgb - y) * t;
}

float smoothstep01(float e0, float e1, float x) {
    float t = clamp((x - e0) / (e1 - e0), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

uint hashU32(uint x) {  // lowbias32, as kiosk.render.finishes.hash_u32
    x ^= x >> 16u;
    x *= 0x7FEB352Du;
    x ^= x >> 15u;
    x *= 0x846CA68Bu;
    x ^= x >> 16u;
    return x;
}

float unitOf(uint h) {
    return float(h >> 8u) * (1.0 / 16777216.0);
}

// kiosk.render.finishes.sparkle_field in the face's frame (the glints move with the face).
float sparkleField(vec2 px, float sparkle) {
    float u = (frameRow0.x * px.x + frameRow0.y * px.y + frameRow0.z) * frameRow1.w;
    float v = (frameRow1.x * px.x + frameRow1.y * px.y + frameRow1.z) * frameRow1.w;
    float cu = floor(u), cv = floor(v);
    uint h = hashU32(uint(int(cu)) ^ hashU32(uint(int(cv))));
    float density = SPARKLE_DENSITY.x + (SPARKLE_DENSITY.y - SPARKLE_DENSITY.x) * sparkle;
    if (!(unitOf(h) < density)) return 0.0;
    uint h1 = hashU32(h ^ 0x9E3779B9u);
    uint h2 = hashU32(h1);
    float ppx = 0.3 + 0.4 * unitOf(h1);
    float ppy = 0.3 + 0.4 * unitOf(h2);
    float d = length(vec2(u - cu - ppx, v - cv - ppy)) / frameRow0.w;
    float dotv = clamp(1.0 - d, 0.0, 1.0);
    return dotv * dotv * (0.45 + 0.55 * unitOf(hashU32(h2)));
}

// How much a powder holds on a pixel (0 on hairs far darker than the skin: lashes, liner).
float onSkin(float lightness, float meanL) {
    return smoothstep01(meanL - HAIR_TO, meanL - HAIR_FROM, lightness);
}

// A pigment's colour on a pixel, keeping the skin's texture around the area's mean (g in
// lightness, c in chroma).
vec3 paintedColour(vec3 lab0, vec4 pigment, vec4 mean, float g, float c) {
    return vec3(clamp(pigment.x + g * (lab0.x - mean.x), 0.0, 100.0),
                pigment.yz + c * (lab0.yz - mean.yz));
}

// One pigment laid over `current`, mixed in by its weight `w`.
vec3 layPigment(vec3 current, vec3 lab0, vec4 pigment, vec4 mean, float g, float c, float w) {
    if (pigment.w <= 0.0) return current;
    return current + (paintedColour(lab0, pigment, mean, g, c) - current) * w;
}

// The brow's: a translucent film, laid at BROW_LIFT of its weight where it would lighten.
vec3 layFilm(vec3 current, vec3 lab0, vec4 pigment, vec4 mean, float g, float c, float w) {
    if (pigment.w <= 0.0) return current;
    vec3 painted = paintedColour(lab0, pigment, mean, g, c);
    float hold = 1.0 - (1.0 - BROW_LIFT) * smoothstep01(0.0, LIFT_RAMP, painted.x - current.x);
    return current + (painted - current) * (w * hold);
}

// A finish's sheen where the skin catches light and its glints, over `gate`.
vec3 finishLight(vec3 rgb, float lightness, vec2 px, float gate, vec4 mean, vec4 spec, vec4 glintColor) {
    float meanL = mean.x, spread = mean.w;
    if (spec.w > 0.0) {
        float sheen = smoothstep01(meanL + SPEC_FROM * spread, meanL + SPEC_TO * spread, lightness);
        rgb += sheen * gate * (spec.w * SPEC_GAIN) * spec.rgb;
    }
    if (glintColor.w > 0.0) {
        float glint = sparkleField(px, glintColor.w);
        float lit = smoothstep01(meanL - spread, meanL + 2.0 * spread, lightness);
        float amount = glint * (0.35 + 0.65 * lit) * (glintColor.w * SPARKLE_GAIN);
        amount += lit * (glintColor.w * SHEEN_GAIN);
        rgb += amount * gate * glintColor.rgb;
    }
    return rgb;
}

void main() {
    vec2 uv = qt_TexCoord0;
    vec4 src = texture(source, uv);
    // Per pigment: the region's weight x the pigment's strength.
    // (each pigment's weight, in the uniforms' order: a = lid, crease, outer, liner;
    // b = lashes, blush, brow)
    vec4 ma = texture(maskA, uv), mb = texture(maskB, uv);
    vec4 a = vec4(ma.xyz, mb.y) * vec4(lid.w, crease.w, outer.w, liner.w);
    vec4 b = vec4(mb.x, texture(maskC, uv).r, mb.z, 0.0) * vec4(lashes.w, blush.w, brow.w, 0.0);
    vec2 px = uv * uvToPixel.xy + uvToPixel.zw;
    if (glassesRow0.w > 0.0) {  // off the canvas the gate keeps everything
        vec2 g = vec2(dot(glassesRow0.xy, px) + glassesRow0.z, dot(glassesRow1.xy, px) + glassesRow1.z);
        if (g.x >= 0.0 && g.y >= 0.0 && g.x <= 1.0 && g.y <= 1.0) {
            float keep = texture(glassesKeep, g).r;
            a *= keep;
            b *= keep;
        }
    }
    vec4 most = max(a, b);
    if (uv.x < wipe || strength <= 0.0 || max(max(most.x, most.y), max(most.z, most.w)) <= 0.0) {
        fragColor = src * qt_Opacity;
        return;
    }
    vec3 lab0 = linearToLab(srgbToLinear(src.rgb));
    // Lowest first, as a make-up artist lays them: blush, brow, lid, crease, outer, liner, lashes.
    vec3 lab = lab0;
    lab = layPigment(lab, lab0, blush, cheekMean, texGainB.y, chromaB.y, b.y * onSkin(lab0.x, cheekMean.x));
    lab = layFilm(lab, lab0, brow, browMean, texGainB.z, chromaB.z, b.z);
    float eyeSkin = onSkin(lab0.x, eyeMean.x);
    lab = layPigment(lab, lab0, lid, eyeMean, texGainA.x, chromaA.x, a.x * eyeSkin);
    lab = layPigment(lab, lab0, crease, eyeMean, texGainA.y, chromaA.y, a.y * eyeSkin);
    lab = layPigment(lab, lab0, outer, eyeMean, texGainA.z, chromaA.z, a.z * eyeSkin);
    lab = layPigment(lab, lab0, liner, eyeMean, texGainA.w, chromaA.w, a.w);
    lab = layPigment(lab, lab0, lashes, eyeMean, texGainB.x, chromaB.x, b.x);
    vec3 rgb = labToLinear(lab);
    // The powders catch the light; the shadow's not through the liner or the lashes.
    float shadow = max(max(a.x, a.y), a.z) * (1.0 - a.w) * (1.0 - b.x) * eyeSkin;
    if (shadow > 0.0 && (shadowSpec.w > 0.0 || shadowGlint.w > 0.0))
        rgb = finishLight(rgb, lab0.x, px, shadow, eyeMean, shadowSpec, shadowGlint);
    float cheek = b.y * onSkin(lab0.x, cheekMean.x);
    if (cheek > 0.0 && (blushSpec.w > 0.0 || blushGlint.w > 0.0))
        rgb = finishLight(rgb, lab0.x, px, cheek, cheekMean, blushSpec, blushGlint);
    vec3 shown = linearToSrgb(intoGamut(rgb));
    fragColor = vec4(clamp(shown, 0.0, 1.0), src.a) * qt_Opacity;
}
