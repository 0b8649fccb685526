//! Why a single sign-on was refused: a stable code for the audit trail and a sentence for
//! the person, who cannot fix most of these but can tell their administrator.

use openidconnect::ClaimsVerificationError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No sign-in was started in this browser, or it took too long.
    NotStarted,
    /// The `state` coming back is not the one this browser was sent with.
    StateMismatch,
    /// The identity provider said no (`error=…` on the way back).
    ProviderDeclined(String),
    /// The identity provider's token endpoint did not accept the code.
    TokenExchange,
    /// The provider could not be reached to check the answer.
    ProviderUnreachable(String),
    NoIdToken,
    WrongAudience,
    Expired,
    BadNonce,
    WrongIssuer,
    BadSignature,
    /// Another claim check failed (subject, issue time, algorithm…).
    InvalidToken,
    NoVerifiedEmail,
    DomainNotAllowed(String),
    /// The email belongs to an account of another tenant or an operator.
    OtherAccount,
    /// The account was first signed in to by another person at the identity provider
    /// (another `sub` with the same email: an address given to someone new).
    OtherPerson,
    Disabled,
}

impl Refusal {
    /// The audit trail's `reason`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotStarted => "not_started",
            Refusal::StateMismatch => "state_mismatch",
            Refusal::ProviderDeclined(_) => "provider_declined",
            Refusal::TokenExchange => "token_exchange_failed",
            Refusal::ProviderUnreachable(_) => "provider_unreachable",
            Refusal::NoIdToken => "no_id_token",
            Refusal::WrongAudience => "wrong_audience",
            Refusal::Expired => "expired_token",
            Refusal::BadNonce => "bad_nonce",
            Refusal::WrongIssuer => "wrong_issuer",
            Refusal::BadSignature => "bad_signature",
            Refusal::InvalidToken => "invalid_token",
            Refusal::NoVerifiedEmail => "email_not_verified",
            Refusal::DomainNotAllowed(_) => "domain_not_allowed",
            Refusal::OtherAccount => "other_account",
            Refusal::OtherPerson => "subject_mismatch",
            Refusal::Disabled => "account_disabled",
        }
    }

    /// What the person reads.
    pub fn message(&self) -> String {
        let untrusted = "The identity provider's answer could not be trusted";
        match self {
            Refusal::NotStarted => "This sign-in was not started in this browser, or took too long. Start again from the login page.".into(),
            Refusal::StateMismatch => "The answer from the identity provider does not belong to this sign-in. Start again from the login page.".into(),
            Refusal::ProviderDeclined(code) => format!("The identity provider did not sign you in ({code})."),
            Refusal::TokenExchange => "The identity provider did not confirm the sign-in. Ask your administrator to check the portal's client ID and secret.".into(),
            Refusal::ProviderUnreachable(why) => format!("The identity provider could not be reached: {why}"),
            Refusal::NoIdToken => format!("{untrusted}: it carried no ID token."),
            Refusal::WrongAudience => format!("{untrusted}: its ID token was issued for another application."),
            Refusal::Expired => format!("{untrusted}: its ID token has expired. Start again from the login page."),
            Refusal::BadNonce => format!("{untrusted}: its ID token belongs to another sign-in."),
            Refusal::WrongIssuer => format!("{untrusted}: its ID token comes from another issuer."),
            Refusal::BadSignature => format!("{untrusted}: its ID token's signature does not verify."),
            Refusal::InvalidToken => format!("{untrusted}: its ID token is not valid."),
            Refusal::NoVerifiedEmail => "The identity provider did not confirm a verified email address for you.".into(),
            Refusal::DomainNotAllowed(domain) => format!("Email addresses at {domain} may not sign in to this organisation."),
            Refusal::OtherAccount => "Your email address belongs to another account on this portal. Sign in with your password, or ask your administrator.".into(),
            Refusal::OtherPerson => "This account belongs to another person at your identity provider, who used the same email address before. Ask an owner of your organisation to give you an account of your own.".into(),
            Refusal::Disabled => "Your account is disabled. Ask an owner of your organisation.".into(),
        }
    }

    /// The detail worth keeping beside the code (never the email itself).
    pub fn detail(&self) -> Option<&str> {
        match self {
            Refusal::ProviderDeclined(code) => Some(code),
            Refusal::DomainNotAllowed(domain) => Some(domain),
            _ => None,
        }
    }

    pub fn of_claims(error: &ClaimsVerificationError) -> Self {
        match error {
            ClaimsVerificationError::Expired(_) => Refusal::Expired,
            ClaimsVerificationError::InvalidAudience(_) => Refusal::WrongAudience,
            ClaimsVerificationError::InvalidIssuer(_) => Refusal::WrongIssuer,
            ClaimsVerificationError::InvalidNonce(_) => Refusal::BadNonce,
            ClaimsVerificationError::SignatureVerification(_) => Refusal::BadSignature,
            _ => Refusal::InvalidToken,
        }
    }
}
