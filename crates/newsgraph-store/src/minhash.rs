//! MinHash signatures over word shingles and LSH banding, for near-duplicate detection.
//!
//! A body becomes the set of its lowercased word 5-grams; 64 hash functions keep the minimum
//! hash each, and the share of equal positions in two signatures estimates the Jaccard
//! similarity of the shingle sets. Banding (16 bands of 4 rows) finds candidate pairs whose
//! similarity is likely above about 0.5 without comparing every pair.

/// Hash functions per signature.
pub(crate) const PERMUTATIONS: usize = 64;
/// Rows per LSH band; `PERMUTATIONS / ROWS` bands.
const ROWS: usize = 4;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Estimated Jaccard similarity at or above which two documents are near-duplicates.
pub const DUPLICATE_THRESHOLD: f64 = 0.5;

/// A MinHash signature.
pub(crate) type Signature = [u32; PERMUTATIONS];

/// The signature of a body, or `None` when it has no words.
pub(crate) fn signature(body: &str) -> Option<Signature> {
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    let n = SHINGLE.min(words.len());
    let mut sig = [u32::MAX; PERMUTATIONS];
    for window in words.windows(n) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in window {
            for &b in w.as_bytes().iter().chain(std::iter::once(&b' ')) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ SEEDS[i]) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig)
}

/// splitmix64 finalizer: a cheap, well-mixed hash of a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One seed per hash function, fixed so signatures stay comparable across runs.
const SEEDS: [u64; PERMUTATIONS] = {
    let mut s = [0u64; PERMUTATIONS];
    let mut i = 0;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while i < PERMUTATIONS {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        s[i] = z ^ (z >> 31);
        i += 1;
    }
    s
};

/// The LSH bucket of each band: `(band, bucket)`.
pub(crate) fn bands(sig: &Signature) -> Vec<(i64, i64)> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut h: u64 = band as u64;
            for &r in rows {
                h = mix(h ^ u64::from(r));
            }
            (band as i64, h as i64)
        })
        .collect()
}

/// Estimated Jaccard similarity of two signatures.
pub(crate) fn similarity(a: &Signature, b: &Signature) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / PERMUTATIONS as f64
}

/// A signature as bytes for the database (little-endian).
pub(crate) fn to_blob(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A signature back from its bytes; `None` if the blob has the wrong length.
pub(crate) fn from_blob(blob: &[u8]) -> Option<Signature> {
    if blob.len() != PERMUTATIONS * 4 {
        return None;
    }
    let mut sig = [0u32; PERMUTATIONS];
    for (slot, chunk) in sig.iter_mut().zip(blob.chunks_exact(4)) {
        *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    Some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Nordkorea hat nach Angaben des ukrainischen Geheimdienstes rund 15.000 \
        Soldaten nach Russland geschickt. Sie kämpfen in der Region Kursk. Die Regierung in \
        Pjöngjang bestreitet das. Südkoreas Geheimdienst spricht von 11.000 Soldaten, die \
        seit Oktober an der Front sind. Beobachter erwarten weitere Truppen im Winter.";

    #[test]
    fn copies_are_similar_and_other_texts_not() {
        let a = signature(TEXT).unwrap();
        let copy = format!("(dpa) {TEXT} Mehr dazu lesen Sie morgen.");
        let b = signature(&copy).unwrap();
        assert!(
            similarity(&a, &b) >= DUPLICATE_THRESHOLD,
            "{}",
            similarity(&a, &b)
        );
        let other = signature(
            "The central bank raised interest rates by a quarter point on Wednesday, citing \
             persistent inflation in services and a tight labour market across the country.",
        )
        .unwrap();
        assert!(similarity(&a, &other) < 0.1);
        assert!(bands(&a).iter().zip(bands(&b)).any(|(x, y)| x == &y));
    }

    #[test]
    fn blob_round_trip_and_empty_body() {
        let a = signature(TEXT).unwrap();
        assert_eq!(from_blob(&to_blob(&a)), Some(a));
        assert_eq!(from_blob(&[1, 2, 3]), None);
        assert!(signature(" .,; ").is_none());
    }
}
