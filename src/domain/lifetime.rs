use std::fmt;

/// How long a link stays valid, in seconds: a preset or any positive custom value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lifetime(i64);

impl Lifetime {
    pub const HOUR: i64 = 60 * 60;
    pub const DAY: i64 = 24 * Self::HOUR;
    /// The longest lifetime anything may have (ten years): the operator's ceiling and every
    /// policy sit below it, and the API's description states it as `expires_in_seconds`'s maximum.
    pub const MAX_SECONDS: i64 = 10 * 365 * Self::DAY;
    /// The presets offered in forms: 1 h, 24 h, 7 d, 15 d, 30 d.
    pub const PRESETS: [(i64, &'static str); 5] = [
        (Self::HOUR, "1 hour"),
        (Self::DAY, "24 hours"),
        (7 * Self::DAY, "7 days"),
        (15 * Self::DAY, "15 days"),
        (30 * Self::DAY, "30 days"),
    ];

    pub fn from_seconds(seconds: i64) -> Result<Self, String> {
        if seconds <= 0 {
            return Err("The lifetime must be a positive number of seconds.".into());
        }
        if seconds > Self::MAX_SECONDS {
            return Err("The lifetime cannot exceed ten years.".into());
        }
        Ok(Self(seconds))
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        let seconds = input
            .trim()
            .parse::<i64>()
            .map_err(|_| "The lifetime must be a whole number of seconds.".to_owned())?;
        Self::from_seconds(seconds)
    }

    pub fn seconds(self) -> i64 {
        self.0
    }

    /// Refuses a lifetime above `ceiling_seconds`, naming the ceiling in words.
    pub fn within(self, ceiling_seconds: i64, whose: &str) -> Result<Self, String> {
        if self.0 > ceiling_seconds {
            Err(format!(
                "That is longer than the {whose} allows ({}).",
                Lifetime(ceiling_seconds)
            ))
        } else {
            Ok(self)
        }
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&duration_in_words(self.0))
    }
}

/// A duration in the largest unit that divides it, as people say it: "7 days",
/// "90 minutes", "1 hour", "45 seconds".
pub fn duration_in_words(seconds: i64) -> String {
    let (amount, unit) = [
        (Lifetime::DAY, "day"),
        (Lifetime::HOUR, "hour"),
        (60, "minute"),
    ]
    .into_iter()
    .find(|(size, _)| seconds != 0 && seconds % size == 0)
    .map_or((seconds, "second"), |(size, unit)| (seconds / size, unit));
    format!("{amount} {unit}{}", if amount == 1 { "" } else { "s" })
}

#[cfg(test)]
#[path = "../../tests/unit/domain_lifetime.rs"]
mod tests;
