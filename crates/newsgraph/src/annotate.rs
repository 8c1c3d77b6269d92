//! Which annotation stages a run asks for: all by default; fewer when a user wants only the
//! clean text (as a boilerplate remover) or only some annotations, and not the cost of the rest.

use std::fmt;
use std::str::FromStr;

/// The annotation stages to run. Cleaning, language and sentences always run; a stage that is
/// off leaves its list in the output empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Annotate {
    /// Entities (persons, organizations, places), resolved to canonical names.
    pub entities: bool,
    /// Quantities (money, percentages, counts, rates).
    pub quantities: bool,
    /// Dates.
    pub dates: bool,
    /// Quotes with speakers.
    pub quotes: bool,
    /// Attributed claims with their hedging.
    pub attributions: bool,
}

/// The names `--annotate` takes, in pipeline order.
pub const NAMES: [&str; 5] = ["entities", "quantities", "dates", "quotes", "attributions"];

/// A name in an annotation list that is no stage.
#[derive(Debug, thiserror::Error)]
#[error("unknown annotation {0:?}: expected all, none, or a comma-separated list of entities, quantities, dates, quotes, attributions")]
pub struct UnknownAnnotation(String);

impl Annotate {
    /// Every annotation stage.
    pub const ALL: Annotate = Annotate {
        entities: true,
        quantities: true,
        dates: true,
        quotes: true,
        attributions: true,
    };

    /// No annotation: clean text, title, date, language and sentences only.
    pub const NONE: Annotate = Annotate {
        entities: false,
        quantities: false,
        dates: false,
        quotes: false,
        attributions: false,
    };

    /// These stages plus the ones they read: quotes name their speakers from the entities;
    /// attributions link the entities and quantities inside them.
    pub fn with_inputs(self) -> Annotate {
        Annotate {
            entities: self.entities || self.quotes || self.attributions,
            quantities: self.quantities || self.attributions,
            ..self
        }
    }

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        match name {
            "entities" => Some(&mut self.entities),
            "quantities" => Some(&mut self.quantities),
            "dates" => Some(&mut self.dates),
            "quotes" => Some(&mut self.quotes),
            "attributions" => Some(&mut self.attributions),
            _ => None,
        }
    }

    fn flags(self) -> [bool; 5] {
        [
            self.entities,
            self.quantities,
            self.dates,
            self.quotes,
            self.attributions,
        ]
    }
}

impl Default for Annotate {
    fn default() -> Self {
        Annotate::ALL
    }
}

impl FromStr for Annotate {
    type Err = UnknownAnnotation;

    /// Parses `all`, `none`, or a comma-separated list of stage names (`entities,quotes`).
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        match list.trim() {
            "all" => return Ok(Annotate::ALL),
            "none" => return Ok(Annotate::NONE),
            _ => {}
        }
        let mut want = Annotate::NONE;
        for name in list.split(',').map(str::trim) {
            *want
                .flag(name)
                .ok_or_else(|| UnknownAnnotation(name.to_string()))? = true;
        }
        Ok(want)
    }
}

impl fmt::Display for Annotate {
    /// The list [`FromStr`] reads back: `all`, `none`, or the stage names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Annotate::ALL => f.write_str("all"),
            Annotate::NONE => f.write_str("none"),
            _ => {
                let on: Vec<&str> = NAMES
                    .iter()
                    .zip(self.flags())
                    .filter_map(|(name, on)| on.then_some(*name))
                    .collect();
                f.write_str(&on.join(","))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_name_the_stages_they_turn_on() {
        let want: Annotate = "quantities, dates".parse().unwrap();
        assert_eq!(
            want,
            Annotate {
                quantities: true,
                dates: true,
                ..Annotate::NONE
            }
        );
        assert_eq!("all".parse::<Annotate>().unwrap(), Annotate::ALL);
        assert_eq!("none".parse::<Annotate>().unwrap(), Annotate::NONE);
    }

    #[test]
    fn an_unknown_name_is_an_error_that_names_it() {
        let err = "entities,qoutes".parse::<Annotate>().unwrap_err();
        assert!(err.to_string().contains("\"qoutes\""), "{err}");
        assert!("".parse::<Annotate>().is_err());
    }

    #[test]
    fn quotes_and_attributions_bring_the_stages_they_read() {
        let quotes: Annotate = "quotes".parse().unwrap();
        assert!(quotes.with_inputs().entities);
        assert!(!quotes.with_inputs().quantities);
        let claims = "attributions".parse::<Annotate>().unwrap().with_inputs();
        assert!(claims.entities && claims.quantities && !claims.quotes && !claims.dates);
    }

    #[test]
    fn display_reads_back() {
        for list in [
            "all",
            "none",
            "entities",
            "quantities,dates",
            "quotes,attributions",
        ] {
            let want: Annotate = list.parse().unwrap();
            assert_eq!(want.to_string(), list);
            assert_eq!(want.to_string().parse::<Annotate>().unwrap(), want);
        }
    }
}
