//! The gateways: a leaf that every other module may name.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    Zapi,
    Ryze,
}

impl Provider {
    /// The name callers use in `ClientOptions.provider`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Zapi => "zapi",
            Provider::Ryze => "ryze",
        }
    }

    /// The name people know the gateway by, for messages.
    pub fn display(self) -> &'static str {
        match self {
            Provider::Zapi => "Z-API",
            Provider::Ryze => "RyzeAPI",
        }
    }

    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Zapi => "https://api.z-api.io",
            Provider::Ryze => "https://ryzeapi.cloud",
        }
    }

    pub fn parse(s: &str) -> Option<Provider> {
        match s {
            "zapi" => Some(Provider::Zapi),
            "ryze" => Some(Provider::Ryze),
            _ => None,
        }
    }
}
