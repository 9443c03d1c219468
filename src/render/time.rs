//! Time in templates: `now()` and the `date` filter, in any time zone, with
//! `SOURCE_DATE_EPOCH` honoured so renders are reproducible.

use minijinja::value::Kwargs;
use minijinja::{Error, ErrorKind, Value};

/// The current instant, or `SOURCE_DATE_EPOCH` when set, for reproducible output.
pub(crate) fn current_timestamp() -> Result<jiff::Timestamp, Error> {
    match std::env::var(crate::env::SOURCE_DATE_EPOCH) {
        Ok(epoch) if !epoch.trim().is_empty() => {
            let secs: i64 = epoch.trim().parse().map_err(|_| {
                invalid(format!(
                    "SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"
                ))
            })?;
            jiff::Timestamp::from_second(secs).map_err(|e| invalid(e.to_string()))
        }
        _ => Ok(jiff::Timestamp::now()),
    }
}

/// The current time (or `SOURCE_DATE_EPOCH`) in `tz`: `utc`, `local` or an IANA name.
pub(crate) fn zoned_now(tz: &str) -> Result<jiff::Zoned, Error> {
    zoned(current_timestamp()?, tz)
}

fn zoned(ts: jiff::Timestamp, tz: &str) -> Result<jiff::Zoned, Error> {
    let zone = match tz {
        "utc" | "UTC" => jiff::tz::TimeZone::UTC,
        "local" => jiff::tz::TimeZone::system(),
        name => jiff::tz::TimeZone::get(name)
            .map_err(|e| invalid(format!("unknown time zone `{name}`: {e}")))?,
    };
    Ok(ts.to_zoned(zone))
}

/// `now()` → ISO 8601; `now("%Y")` → formatted; `tz="Europe/London"` or `"local"`.
pub(super) fn now(format: Option<&str>, kwargs: Kwargs) -> Result<String, Error> {
    let tz: Option<String> = kwargs.get("tz")?;
    kwargs.assert_all_used()?;
    let zoned = zoned(current_timestamp()?, tz.as_deref().unwrap_or("utc"))?;
    Ok(match format {
        Some(fmt) => strftime(&zoned, fmt)?,
        None => zoned.timestamp().to_string(),
    })
}

/// Formats a timestamp (seconds) or an ISO 8601 string: `{{ now() | date("%Y") }}`.
pub(super) fn date(value: Value, format: &str, kwargs: Kwargs) -> Result<String, Error> {
    let tz: Option<String> = kwargs.get("tz")?;
    kwargs.assert_all_used()?;
    let ts = if let Some(secs) = value.as_i64() {
        jiff::Timestamp::from_second(secs).map_err(|e| invalid(e.to_string()))?
    } else if let Some(text) = value.as_str() {
        text.parse::<jiff::Timestamp>()
            .map_err(|e| invalid(format!("`{text}` is not an ISO 8601 timestamp: {e}")))?
    } else {
        return Err(invalid("date expects a timestamp or an ISO 8601 string"));
    };
    strftime(&zoned(ts, tz.as_deref().unwrap_or("utc"))?, format)
}

pub(crate) fn strftime(zoned: &jiff::Zoned, format: &str) -> Result<String, Error> {
    let mut out = String::new();
    jiff::fmt::strtime::format(format, zoned)
        .map(|s| out.push_str(&s))
        .map_err(|e| invalid(format!("invalid date format `{format}`: {e}")))?;
    Ok(out)
}

/// A template-facing time error.
fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}
