// A seeded stand-in for Math.random (mulberry32): TF.js shuffles, and seeds its initializers, with
// Math.random, so replacing it makes a TF.js run repeat exactly.
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = {seeded};
