//! How far a recorded version is from a blueprint's newest release, in the four bands the
//! fleet report colours and counts: current, behind by a minor (or patch) release, behind by a
//! major release, and unknown (a branch, a commit, no release to compare with). The JSON
//! report, the HTML chart and its legend all take the band, its name and its colour from
//! here, so they cannot disagree. Pure.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Band {
    /// The newest release (or newer: a pre-release the fleet runs ahead).
    Current,
    /// The same major line as the newest release, an older minor or patch.
    BehindMinor,
    /// An older major line (for 0.x, an older minor: it is what breaks there).
    BehindMajor,
    /// Not a release, or nothing released to compare with.
    Unknown,
}

impl Band {
    pub(crate) const ALL: [Band; 4] = [
        Band::Current,
        Band::BehindMinor,
        Band::BehindMajor,
        Band::Unknown,
    ];

    /// The words the page and the legend show next to the colour.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Band::Current => "current",
            Band::BehindMinor => "behind by minor",
            Band::BehindMajor => "behind by major",
            Band::Unknown => "unknown",
        }
    }

    /// The attribute value (`behind-major`), as in the JSON.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Band::Current => "current",
            Band::BehindMinor => "behind-minor",
            Band::BehindMajor => "behind-major",
            Band::Unknown => "unknown",
        }
    }

    /// The Okabe-Ito palette, which readers with any common colour-vision deficiency tell
    /// apart: blue, orange, vermillion, grey.
    pub(crate) fn colour(self) -> &'static str {
        match self {
            Band::Current => "#0072B2",
            Band::BehindMinor => "#E69F00",
            Band::BehindMajor => "#D55E00",
            Band::Unknown => "#999999",
        }
    }
}

/// The band of `version` against `newest` (the newest release).
pub(crate) fn band(version: &str, newest: Option<&str>) -> Band {
    let parse = |v: &str| semver::Version::parse(v.trim_start_matches('v')).ok();
    let (Some(v), Some(n)) = (parse(version), newest.and_then(parse)) else {
        return Band::Unknown;
    };
    if v >= n {
        Band::Current
    } else if breaking(&v) < breaking(&n) {
        Band::BehindMajor
    } else {
        Band::BehindMinor
    }
}

/// The part of a version whose change breaks compatibility, as `^` reads it: the major, or
/// the minor of a 0.x.
fn breaking(v: &semver::Version) -> (u64, u64) {
    if v.major == 0 {
        (0, v.minor)
    } else {
        (v.major, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::{band, Band};

    #[test]
    fn versions_fall_in_bands_against_the_newest_release() {
        let newest = Some("3.1.0");
        assert_eq!(band("3.1.0", newest), Band::Current);
        assert_eq!(band("3.2.0-rc.1", newest), Band::Current);
        assert_eq!(band("3.0.4", newest), Band::BehindMinor);
        assert_eq!(band("2.9.0", newest), Band::BehindMajor);
        assert_eq!(band("1.0.0", newest), Band::BehindMajor);
        assert_eq!(band("main", newest), Band::Unknown);
        assert_eq!(band("1.0.0", None), Band::Unknown);
        assert_eq!(band("0.3.1", Some("0.4.0")), Band::BehindMajor);
        assert_eq!(band("0.4.0", Some("0.4.2")), Band::BehindMinor);
    }
}
