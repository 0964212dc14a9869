// Lipstick compositing on the GPU: the same colour model, step for step, as
// kiosk/render/lipstick.py `composite()` (the NumPy reference and test oracle).
// Per-face uniforms come from `prepare_layer()`; the mask texture carries the
// per-pixel weights: r = lip coverage, g = liner, b = ombre, a = share of the shade's
// lightness (fades in further inside the lip line than the coverage).
#version 440

layout(location = 0) in vec2 qt_TexCoord0;
layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float strength;     // intensity x opacity; 0 = bare mirror
    float wipe;         // before/after: left of this x (0..1) shows the bare mirror
    vec4 lipMean;       // the lips' mean L, a, b and lightness spread (w)
    vec4 target;        // shade CIELAB under the scene light
    vec4 innerLab;      // ombre inner colour (= target without ombre)
    vec4 linerLab;      // liner colour (= target without liner)
    vec4 specColor;     // rgb: linear specular colour; w: gloss
    vec4 glintColor;    // rgb: linear glint colour; w: sparkle
    vec4 profile;       // finish: shadow, highlight, knee, chroma detail
    vec4 shading;       // x: gain on the lip's form, y: level shift, z: form tap step (px)
    vec4 frameRow0;     // image pixels -> mouth space, 2x3 similarity; w: glint radius (cells)
    vec4 frameRow1;     // w: glint cells per mouth width
    vec4 uvToPixel;     // frame pixel = uv * xy + zw
};

layout(binding = 1) uniform sampler2D source;
layout(binding = 2) uniform sampler2D mask;

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
const float SPARKLE_GAIN = 0.9, SHEEN_GAIN = 0.12;
const vec2 SPARKLE_DENSITY = vec2(0.06, 0.22);

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

float lightnessAt(vec2 uv) {
    vec3 lin = srgbToLinear(texture(source, uv).rgb);
    float y = dot(lin, LUMINANCE);
    float f = y > EPS ? pow(y, 1.0 / 3.0) : y / KAPPA + 4.0 / 29.0;
    return 116.0 * f - 16.0;
}

// The lip's form: 5x5 binomial taps `shading.z` frame pixels apart, as
// kiosk.render.finishes.lip_form (clamp-to-edge at the frame's border).
float lipForm(vec2 uv) {
    const float B[5] = float[5](1.0, 4.0, 6.0, 4.0, 1.0);
    vec2 stepUv = shading.z / uvToPixel.xy;
    float acc = 0.0;
    for (int j = 0; j < 5; ++j) {
        for (int i = 0; i < 5; ++i) {
            vec2 at = clamp(uv + vec2(float(i - 2), float(j - 2)) * stepUv,
                            0.5 / uvToPixel.xy, 1.0 - 0.5 / uvToPixel.xy);
            acc += B[i] * B[j] * lightnessAt(at);
        }
    }
    return acc / 256.0;
}

float smoothstep01(float e0, float e1, float x) {
    float t = clamp((x - e0) / (e1 - e0), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

float shapeLightness(float dL, float spread) {
    float above;
    if (profile.y >= 1.0) {
        above = dL * profile.y;
    } else {
        float knee = profile.z * spread;
        above = dL > knee ? knee + (dL - knee) * profile.y : dL;
    }
    return dL < 0.0 ? dL * profile.x : above;
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

float sparkleField(vec2 px) {
    float u = (frameRow0.x * px.x + frameRow0.y * px.y + frameRow0.z) * frameRow1.w;
    float v = (frameRow1.x * px.x + frameRow1.y * px.y + frameRow1.z) * frameRow1.w;
    float cu = floor(u), cv = floor(v);
    uint h = hashU32(uint(int(cu)) ^ hashU32(uint(int(cv))));
    float density = SPARKLE_DENSITY.x + (SPARKLE_DENSITY.y - SPARKLE_DENSITY.x) * glintColor.w;
    if (!(unitOf(h) < density)) return 0.0;
    uint h1 = hashU32(h ^ 0x9E3779B9u);
    uint h2 = hashU32(h1);
    float ppx = 0.3 + 0.4 * unitOf(h1);
    float ppy = 0.3 + 0.4 * unitOf(h2);
    float d = length(vec2(u - cu - ppx, v - cv - ppy)) / frameRow0.w;
    float dotv = clamp(1.0 - d, 0.0, 1.0);
    return dotv * dotv * (0.45 + 0.55 * unitOf(hashU32(h2)));
}

void main() {
    vec2 uv = qt_TexCoord0;
    vec4 src = texture(source, uv);
    vec4 w = texture(mask, uv);
    float alpha = w.r * strength;
    if (uv.x < wipe || alpha <= 0.0) {
        fragColor = src * qt_Opacity;
        return;
    }
    vec3 lab0 = linearToLab(srgbToLinear(src.rgb));
    float meanL = lipMean.x, spread = lipMean.w;
    float form = lipForm(uv);
    float dL = shapeLightness((form - meanL) * shading.x + (lab0.x - form), spread * shading.x)
             + shading.y;
    vec2 detail = (lab0.yz - lipMean.yz) * profile.w;
    vec3 base = target.xyz + (innerLab.xyz - target.xyz) * w.b;
    vec3 painted = vec3(base.x + dL, base.yz + detail);
    vec3 lined = vec3(linerLab.x + dL, linerLab.yz + detail);
    painted += (lined - painted) * w.g;
    painted.x = clamp(painted.x, 0.0, 100.0);
    // Mixed with the lip in CIELAB: hue and chroma over the coverage, lightness over
    // its wider inward fade (the lip keeps its own edge).
    float weightL = w.a + (w.r - w.a) * w.g;  // a liner is pigment up to the lip line
    vec3 mixed = vec3(lab0.x + (painted.x - lab0.x) * weightL * strength,
                      lab0.yz + (painted.yz - lab0.yz) * alpha);
    vec3 rgb = labToLinear(mixed);
    if (specColor.w > 0.0) {
        float spec = smoothstep01(meanL + SPEC_FROM * spread, meanL + SPEC_TO * spread, lab0.x);
        rgb += spec * alpha * (specColor.w * SPEC_GAIN) * specColor.rgb;
    }
    if (glintColor.w > 0.0) {
        vec2 px = uv * uvToPixel.xy + uvToPixel.zw;
        float glint = sparkleField(px);
        float lit = smoothstep01(meanL - spread, meanL + 2.0 * spread, lab0.x);
        float strength = glint * (0.35 + 0.65 * lit) * (glintColor.w * SPARKLE_GAIN);
        strength += lit * (glintColor.w * SHEEN_GAIN);
        rgb += strength * alpha * glintColor.rgb;
    }
    vec3 shown = linearToSrgb(intoGamut(rgb));
    fragColor = vec4(clamp(shown, 0.0, 1.0), src.a) * qt_Opacity;
}
