//! A signed-in user changes their password: the current one is checked, the new one must
//! be a valid password typed twice; every other session of theirs ends.

use crate::{
    domain::Password,
    entities::users,
    error::AppError,
    repo::{self, audit::AuditEntry},
    state::AppState,
    views::account::PasswordErrors,
};

/// What the form sent.
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

/// Changes `user`'s password; the form's errors when it cannot. Bumps the user's auth
/// version, which ends all their sessions (the caller renews its own).
pub async fn change(
    state: &AppState,
    user: &users::Model,
    actor: &str,
    change: PasswordChange,
) -> Result<Result<(), PasswordErrors>, AppError> {
    let mut errors = PasswordErrors::default();
    let verification = state
        .password_hasher
        .verify(change.current, Some(user.password_hash.clone()))
        .await?;
    if !verification.valid {
        errors.current = Some("That is not your current password.".into());
    }
    let new_password = Password::parse(&change.new);
    if let Err(message) = &new_password {
        errors.new = Some(message.clone());
    }
    if change.new != change.confirm {
        errors.confirm = Some("The two new passwords differ.".into());
    }
    let (Ok(new_password), None, None) = (new_password, &errors.current, &errors.confirm) else {
        return Ok(Err(errors));
    };
    let hash = state.password_hasher.hash(&new_password).await?;
    let db = &state.db.connection;
    repo::users::set_password_hash(db, user.id, hash, true).await?;
    repo::audit::record_for_login(
        db,
        user.id,
        AuditEntry {
            tenant_id: None,
            actor,
            action: "user.password_changed",
            subject: Some(actor),
            details: None,
        },
    )
    .await?;
    Ok(Ok(()))
}
