// Lipstick compositing on the GPU: the same colour model as kiosk/render/lipstick.py.
// The lip takes the shade's hue, chroma and mean lightness; each pixel keeps its
// offset from its own lip's mean lightness (texture and shading stay).
#version 440

layout(location = 0) in vec2 qt_TexCoord0;
layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    vec4 shadeLab;      // xyz = CIELAB of the shade, w = 1 when a shade is on
    vec4 face0Rect;     // lip box in item coordinates (0..1): x0, y0, x1, y1
    vec4 face0Lab;      // mean CIELAB of that face's lips, w unused
    vec4 face1Rect;
    vec4 face1Lab;
    vec4 face2Rect;
    vec4 face2Lab;
    vec4 face3Rect;
    vec4 face3Lab;
    float strength;     // intensity x the shade's opacity
    float chromaDetail; // how much of the lip's own chroma variation survives
    float wipe;         // before/after: x (0..1) left of which the bare mirror shows
};

layout(binding = 1) uniform sampler2D source;
layout(binding = 2) uniform sampler2D mask;

const vec3 WHITE = vec3(0.95047, 1.0, 1.08883);  // D65

vec3 srgbToLinear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

vec3 linearToSrgb(vec3 c) {
    c = max(c, vec3(0.0));
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

float labF(float t) {
    return t > 0.008856 ? pow(t, 1.0 / 3.0) : 7.787 * t + 16.0 / 116.0;
}

float labFInv(float t) {
    return t > 0.206893 ? t * t * t : (t - 16.0 / 116.0) / 7.787;
}

vec3 rgbToLab(vec3 srgb) {
    vec3 l = srgbToLinear(srgb);
    vec3 xyz = vec3(
        dot(l, vec3(0.412453, 0.357580, 0.180423)),
        dot(l, vec3(0.212671, 0.715160, 0.072169)),
        dot(l, vec3(0.019334, 0.119193, 0.950227))) / WHITE;
    float fx = labF(xyz.x), fy = labF(xyz.y), fz = labF(xyz.z);
    float L = xyz.y > 0.008856 ? 116.0 * fy - 16.0 : 903.3 * xyz.y;
    return vec3(L, 500.0 * (fx - fy), 200.0 * (fy - fz));
}

vec3 labToRgb(vec3 lab) {
    float fy = (lab.x + 16.0) / 116.0;
    float fx = fy + lab.y / 500.0;
    float fz = fy - lab.z / 200.0;
    float y = lab.x > 8.0 ? fy * fy * fy : lab.x / 903.3;
    vec3 xyz = vec3(labFInv(fx), y, labFInv(fz)) * WHITE;
    vec3 l = vec3(
        dot(xyz, vec3(3.240479, -1.537150, -0.498535)),
        dot(xyz, vec3(-0.969256, 1.875992, 0.041556)),
        dot(xyz, vec3(0.055648, -0.204043, 1.057311)));
    return linearToSrgb(l);
}

bool inside(vec4 r, vec2 p) {
    return p.x >= r.x && p.y >= r.y && p.x <= r.z && p.y <= r.w;
}

void main() {
    vec2 uv = qt_TexCoord0;
    vec4 src = texture(source, uv);
    float cover = texture(mask, uv).r * strength * shadeLab.w;
    if (uv.x < wipe || cover <= 0.0) {
        fragColor = src * qt_Opacity;
        return;
    }
    vec3 mean = face0Lab.xyz;
    if (inside(face1Rect, uv)) mean = face1Lab.xyz;
    if (inside(face2Rect, uv)) mean = face2Lab.xyz;
    if (inside(face3Rect, uv)) mean = face3Lab.xyz;
    vec3 lab = rgbToLab(src.rgb);
    vec3 painted = vec3(
        clamp(lab.x - mean.x + shadeLab.x, 0.0, 100.0),
        shadeLab.yz + (lab.yz - mean.yz) * chromaDetail);
    vec3 rgb = clamp(mix(src.rgb, labToRgb(painted), cover), 0.0, 1.0);
    fragColor = vec4(rgb, src.a) * qt_Opacity;
}
