//! The JSON Schema metaschemas (drafts 4, 6, 7, 2019-09 with its vocabularies, 2020-12 with
//! its vocabularies), as published by json-schema.org and as santhosh-tekuri/jsonschema embeds
//! them (`schema/jsonschema/`), by their URL. A chart's schema is validated against its draft's
//! metaschema before it is used, as Helm does.

const METASCHEMAS: &[(&str, &str)] = &[
    ("http://json-schema.org/draft-04/schema", include_str!("../../../schema/jsonschema/draft-04/schema.json")),
    ("http://json-schema.org/draft-06/schema", include_str!("../../../schema/jsonschema/draft-06/schema.json")),
    ("http://json-schema.org/draft-07/schema", include_str!("../../../schema/jsonschema/draft-07/schema.json")),
    ("https://json-schema.org/draft/2019-09/schema", include_str!("../../../schema/jsonschema/2019-09/schema.json")),
    ("https://json-schema.org/draft/2019-09/meta/applicator", include_str!("../../../schema/jsonschema/2019-09/meta/applicator.json")),
    ("https://json-schema.org/draft/2019-09/meta/content", include_str!("../../../schema/jsonschema/2019-09/meta/content.json")),
    ("https://json-schema.org/draft/2019-09/meta/core", include_str!("../../../schema/jsonschema/2019-09/meta/core.json")),
    ("https://json-schema.org/draft/2019-09/meta/format", include_str!("../../../schema/jsonschema/2019-09/meta/format.json")),
    ("https://json-schema.org/draft/2019-09/meta/meta-data", include_str!("../../../schema/jsonschema/2019-09/meta/meta-data.json")),
    ("https://json-schema.org/draft/2019-09/meta/validation", include_str!("../../../schema/jsonschema/2019-09/meta/validation.json")),
    ("https://json-schema.org/draft/2020-12/schema", include_str!("../../../schema/jsonschema/2020-12/schema.json")),
    ("https://json-schema.org/draft/2020-12/meta/applicator", include_str!("../../../schema/jsonschema/2020-12/meta/applicator.json")),
    ("https://json-schema.org/draft/2020-12/meta/content", include_str!("../../../schema/jsonschema/2020-12/meta/content.json")),
    ("https://json-schema.org/draft/2020-12/meta/core", include_str!("../../../schema/jsonschema/2020-12/meta/core.json")),
    ("https://json-schema.org/draft/2020-12/meta/format-annotation", include_str!("../../../schema/jsonschema/2020-12/meta/format-annotation.json")),
    ("https://json-schema.org/draft/2020-12/meta/format-assertion", include_str!("../../../schema/jsonschema/2020-12/meta/format-assertion.json")),
    ("https://json-schema.org/draft/2020-12/meta/meta-data", include_str!("../../../schema/jsonschema/2020-12/meta/meta-data.json")),
    ("https://json-schema.org/draft/2020-12/meta/unevaluated", include_str!("../../../schema/jsonschema/2020-12/meta/unevaluated.json")),
    ("https://json-schema.org/draft/2020-12/meta/validation", include_str!("../../../schema/jsonschema/2020-12/meta/validation.json")),
];

/// The metaschema at `url` (`http` and `https` both name the draft documents).
pub fn text(url: &str) -> Option<&'static str> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    METASCHEMAS.iter().find(|(u, _)| u.split_once("://").map(|(_, r)| r) == Some(rest)).map(|(_, t)| *t)
}

/// The URL of a draft's metaschema.
pub fn draft_url(draft: u32) -> &'static str {
    match draft {
        4 => "http://json-schema.org/draft-04/schema",
        6 => "http://json-schema.org/draft-06/schema",
        7 => "http://json-schema.org/draft-07/schema",
        2019 => "https://json-schema.org/draft/2019-09/schema",
        _ => "https://json-schema.org/draft/2020-12/schema",
    }
}
