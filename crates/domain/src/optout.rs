//! Opt-out keywords: an outside number can stop (and restart) messages from one shared number.

/// What an inbound message means for the pair's opt-out state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// STOP, UNSUBSCRIBE, QUIT, CANCEL or END.
    OptOut,
    /// START, SUBSCRIBE, RESUME, CONTINUE or UNSTOP.
    OptIn,
}

const OPT_OUT: [&str; 5] = ["STOP", "UNSUBSCRIBE", "QUIT", "CANCEL", "END"];
const OPT_IN: [&str; 5] = ["START", "SUBSCRIBE", "RESUME", "CONTINUE", "UNSTOP"];

/// The keyword a message is, if it is one: the whole message, case-insensitive, surrounding
/// white space ignored. "Please stop" is not a keyword.
pub fn keyword(text: &str) -> Option<Keyword> {
    let t = text.trim();
    if OPT_OUT.iter().any(|k| k.eq_ignore_ascii_case(t)) {
        Some(Keyword::OptOut)
    } else if OPT_IN.iter().any(|k| k.eq_ignore_ascii_case(t)) {
        Some(Keyword::OptIn)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_message_case_insensitive() {
        assert_eq!(keyword("stop"), Some(Keyword::OptOut));
        assert_eq!(keyword("  Unsubscribe \n"), Some(Keyword::OptOut));
        assert_eq!(keyword("END"), Some(Keyword::OptOut));
        assert_eq!(keyword("unstop"), Some(Keyword::OptIn));
        assert_eq!(keyword("Continue"), Some(Keyword::OptIn));
        assert_eq!(keyword("please stop"), None);
        assert_eq!(keyword("stopped"), None);
        assert_eq!(keyword(""), None);
    }
}
