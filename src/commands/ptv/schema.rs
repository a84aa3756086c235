//! PTV's Open API v11 documents as serde structs: the write payloads `esite ptv export`
//! makes (`POST /v11/Service`, `/v11/ServiceChannel/Phone`, …) and the read shapes of
//! `GET /v11/Service/{id}` and `GET /v11/ServiceChannel/{id}` that `esite ptv import` reads.
//! One struct serves both where the shapes agree; where they differ (a channel's web address,
//! an address's municipality, a service's channels and organisations) both fields are here.
//! Field names and limits follow PTV's published models (`V9VmOpenApiServiceInBase`,
//! `V11VmOpenApiPhoneChannelInBase`, `V11VmOpenApiServiceHour`, …); fields esite neither writes
//! nor reads are left out, and serde skips them when reading.

use serde::{Deserialize, Serialize};

fn empty<T>(v: &[T]) -> bool {
    v.is_empty()
}

fn not(b: &bool) -> bool {
    !*b
}

/// `VmOpenApiLanguageItem` (`{value, language}`) and `VmOpenApiLocalizedListItem`
/// (`{language, value, type}`): the text of one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Text {
    pub language: String,
    #[serde(default)]
    pub value: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// `VmOpenApiAreaIn` (`{type, areaCodes}`) when written; `VmOpenApiArea` (`{type, code, name,
/// municipalities}`) when read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "empty")]
    pub area_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "empty")]
    pub municipalities: Vec<Municipality>,
}

/// `VmOpenApiMunicipality`: a code with its name in each language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Municipality {
    #[serde(default)]
    pub code: String,
    #[serde(default, skip_serializing_if = "empty")]
    pub name: Vec<Text>,
}

/// An address's municipality: the code alone when written (`VmOpenApiAddressLocalIn`), the
/// code with names when read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MunicipalityRef {
    Code(String),
    Named(Municipality),
}

impl MunicipalityRef {
    pub fn code(&self) -> &str {
        match self {
            MunicipalityRef::Code(c) => c,
            MunicipalityRef::Named(m) => &m.code,
        }
    }
}

/// `V4VmOpenApiLaw`: a law's name per language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Law {
    #[serde(default)]
    pub names: Vec<Text>,
}

/// `V9VmOpenApiServiceProducerIn`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Producer {
    pub provision_type: String,
    #[serde(default)]
    pub organizations: Vec<String>,
}

/// `{id, name}`: what a read service or channel says of the other side of a connection, or
/// of an organisation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// A read service's connection (`V11VmOpenApiServiceServiceChannel`), or in a `POST` payload
/// a channel's id alone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChannelLink {
    Id(String),
    #[serde(rename_all = "camelCase")]
    Connection {
        service_channel: Reference,
    },
}

/// A read service's organisation with its role (`V10VmOpenApiServiceOrganization`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceOrganization {
    #[serde(default)]
    pub organization: Reference,
    #[serde(default)]
    pub role_type: Option<String>,
}

/// A service: `V9VmOpenApiServiceIn` (the body of `POST /v11/Service`) and
/// `V11VmOpenApiService` (what `GET /v11/Service/{id}` returns).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_type: Option<String>,
    #[serde(default)]
    pub service_names: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_charge_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_type: Option<String>,
    #[serde(default, skip_serializing_if = "empty")]
    pub areas: Vec<Area>,
    #[serde(default)]
    pub service_descriptions: Vec<Text>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "empty")]
    pub legislation: Vec<Law>,
    /// `keywords`: `VmOpenApiLanguageItem`s, the words the service is found by (esite's
    /// `keywords:` in front matter).
    #[serde(default, skip_serializing_if = "empty")]
    pub keywords: Vec<Text>,
    #[serde(default, skip_serializing_if = "empty")]
    pub service_producers: Vec<Producer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_responsible_organization: Option<String>,
    #[serde(default, skip_serializing_if = "empty")]
    pub other_responsible_organizations: Vec<String>,
    #[serde(default, skip_serializing_if = "empty")]
    pub service_channels: Vec<ChannelLink>,
    #[serde(default, skip_serializing_if = "empty")]
    pub organizations: Vec<ServiceOrganization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publishing_status: Option<String>,
}

/// `V4VmOpenApiPhoneWithType` / `V4VmOpenApiPhone`: a number split into the country prefix
/// and digits.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_number: Option<String>,
    #[serde(default)]
    pub is_finnish_service_number: bool,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub language: String,
}

/// `V8VmOpenApiDailyOpeningTime`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OpeningHour {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_to: Option<String>,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// `V11VmOpenApiServiceHour`: the weekly hours (`DaysOfTheWeek`) or one exceptional day
/// (`Exceptional`, with dates and `isClosed`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceHour {
    pub service_hour_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    #[serde(default)]
    pub is_closed: bool,
    #[serde(default, skip_serializing_if = "not")]
    pub valid_for_now: bool,
    #[serde(default, skip_serializing_if = "empty")]
    pub additional_information: Vec<Text>,
    #[serde(default)]
    pub opening_hour: Vec<OpeningHour>,
}

/// `VmOpenApiAddressStreetWithCoordinatesIn` when written; `VmOpenApiAddressStreet…` with
/// the post office's name when read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Street {
    #[serde(default)]
    pub street: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_number: Option<String>,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default, skip_serializing_if = "empty")]
    pub post_office: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<MunicipalityRef>,
    #[serde(default, skip_serializing_if = "empty")]
    pub additional_information: Vec<Text>,
}

/// `V9VmOpenApiAddressLocationIn` (a service location's address) and
/// `V8VmOpenApiAddressDeliveryIn` (where a printable form is sent).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub sub_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<Street>,
    #[serde(default, skip_serializing_if = "empty")]
    pub form_receiver: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A read channel's web page (`V9VmOpenApiWebPage`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebPage {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub language: String,
}

/// A read channel's connection to a service (`V11VmOpenApiServiceChannelService`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLink {
    #[serde(default)]
    pub service: Reference,
}

/// A service channel of any type: the write payloads of `POST /v11/ServiceChannel/Phone`,
/// `/EChannel`, `/WebPage`, `/PrintableForm` and `/ServiceLocation`, and what
/// `GET /v11/ServiceChannel/{id}` returns (which also says `serviceChannelType`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_channel_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    #[serde(default)]
    pub service_channel_names: Vec<Text>,
    #[serde(default)]
    pub service_channel_descriptions: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_type: Option<String>,
    #[serde(default, skip_serializing_if = "empty")]
    pub areas: Vec<Area>,
    #[serde(default, skip_serializing_if = "empty")]
    pub phone_numbers: Vec<Phone>,
    #[serde(default, skip_serializing_if = "empty")]
    pub support_emails: Vec<Text>,
    #[serde(default, skip_serializing_if = "empty")]
    pub emails: Vec<Text>,
    #[serde(default)]
    pub languages: Vec<String>,
    /// The channel's address as written (phone, e-service, web page channels).
    #[serde(default, skip_serializing_if = "empty")]
    pub web_page: Vec<Text>,
    /// The channel's addresses as read.
    #[serde(default, skip_serializing_if = "empty")]
    pub web_pages: Vec<WebPage>,
    /// A printable form's files, `type` PDF, DOC or Excel.
    #[serde(default, skip_serializing_if = "empty")]
    pub channel_urls: Vec<Text>,
    #[serde(default, skip_serializing_if = "empty")]
    pub delivery_addresses: Vec<Address>,
    #[serde(default, skip_serializing_if = "empty")]
    pub addresses: Vec<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_authentication: Option<bool>,
    #[serde(default, skip_serializing_if = "empty")]
    pub service_hours: Vec<ServiceHour>,
    #[serde(default, skip_serializing_if = "empty")]
    pub services: Vec<ServiceLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publishing_status: Option<String>,
}

/// `V11VmOpenApiServiceAndChannelRelationBySource`: one item of the body of
/// `POST /v11/Connection/Source`, which connects a service to a channel by esite's ids.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub service_source_id: String,
    pub service_channel_source_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_charge_type: Option<String>,
}

/// PTV's channel types (`ServiceChannelTypeEnum`) and the endpoint each is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelType {
    Phone,
    EChannel,
    WebPage,
    PrintableForm,
    ServiceLocation,
}

impl ChannelType {
    pub fn name(self) -> &'static str {
        match self {
            ChannelType::Phone => "Phone",
            ChannelType::EChannel => "EChannel",
            ChannelType::WebPage => "WebPage",
            ChannelType::PrintableForm => "PrintableForm",
            ChannelType::ServiceLocation => "ServiceLocation",
        }
    }

    pub fn from_name(name: &str) -> Option<ChannelType> {
        [
            ChannelType::Phone,
            ChannelType::EChannel,
            ChannelType::WebPage,
            ChannelType::PrintableForm,
            ChannelType::ServiceLocation,
        ]
        .into_iter()
        .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// A written payload does not say its type: the endpoint does. Read ones do.
    pub fn of(c: &Channel) -> ChannelType {
        if let Some(t) = c.service_channel_type.as_deref().and_then(Self::from_name) {
            return t;
        }
        if !c.addresses.is_empty() {
            ChannelType::ServiceLocation
        } else if !c.channel_urls.is_empty() || !c.delivery_addresses.is_empty() {
            ChannelType::PrintableForm
        } else if c.requires_authentication.is_some() {
            ChannelType::EChannel
        } else if !c.phone_numbers.is_empty() || c.web_page.is_empty() && c.web_pages.is_empty() {
            ChannelType::Phone
        } else {
            ChannelType::WebPage
        }
    }
}
