// Next's ambient types (CSS imports, images), so `tsc --noEmit` works before the first build
// writes next-env.d.ts.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
