//! A software authenticator for the integration tests: a real P-256 key pair that answers
//! WebAuthn creation and request options the way a browser with a platform authenticator
//! does (attestation "none", user present and verified), so the server's checks run on
//! real signatures without a browser.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ciborium::Value as Cbor;
use openssl::{
    bn::BigNumContext,
    ec::{EcGroup, EcKey},
    ecdsa::EcdsaSig,
    nid::Nid,
    pkey::Private,
    sha::sha256,
};
use serde_json::{json, Value};

pub struct SoftAuthenticator {
    key: EcKey<Private>,
    pub credential_id: Vec<u8>,
    pub user_handle: Vec<u8>,
    origin: String,
    counter: u32,
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn cbor(value: &Cbor) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).unwrap();
    out
}

impl SoftAuthenticator {
    pub fn new(origin: &str) -> Self {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        Self {
            key: EcKey::generate(&group).unwrap(),
            credential_id: rand::random::<[u8; 16]>().to_vec(),
            user_handle: Vec::new(),
            origin: origin.to_owned(),
            counter: 0,
        }
    }

    fn cose_public_key(&self) -> Vec<u8> {
        let group = self.key.group();
        let mut x = openssl::bn::BigNum::new().unwrap();
        let mut y = openssl::bn::BigNum::new().unwrap();
        let mut context = BigNumContext::new().unwrap();
        self.key
            .public_key()
            .affine_coordinates(group, &mut x, &mut y, &mut context)
            .unwrap();
        cbor(&Cbor::Map(vec![
            (1.into(), 2.into()),
            (3.into(), (-7).into()),
            ((-1).into(), 1.into()),
            ((-2).into(), Cbor::Bytes(x.to_vec_padded(32).unwrap())),
            ((-3).into(), Cbor::Bytes(y.to_vec_padded(32).unwrap())),
        ]))
    }

    fn client_data(&self, kind: &str, options: &Value) -> Vec<u8> {
        let challenge = options["publicKey"]["challenge"].as_str().unwrap();
        json!({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false})
            .to_string()
            .into_bytes()
    }

    fn auth_data_head(rp_id: &str, flags: u8, counter: u32) -> Vec<u8> {
        let mut data = sha256(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend_from_slice(&counter.to_be_bytes());
        data
    }

    /// The answer to `navigator.credentials.create(options)`: a new credential.
    pub fn register(&mut self, options: &Value) -> Value {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rp"]["id"].as_str().unwrap();
        self.user_handle = URL_SAFE_NO_PAD
            .decode(public_key["user"]["id"].as_str().unwrap())
            .unwrap();
        // User present, user verified, attested credential data included.
        let mut auth_data = Self::auth_data_head(rp_id, 0x45, self.counter);
        auth_data.extend_from_slice(&[0u8; 16]);
        auth_data.extend_from_slice(&(self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&self.cose_public_key());
        let attestation = cbor(&Cbor::Map(vec![
            ("fmt".into(), "none".into()),
            ("attStmt".into(), Cbor::Map(vec![])),
            ("authData".into(), Cbor::Bytes(auth_data)),
        ]));
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "attestationObject": b64(&attestation),
                "clientDataJSON": b64(&self.client_data("webauthn.create", options)),
            },
            "extensions": {},
        })
    }

    /// The answer to `navigator.credentials.get(options)`, signed with this key.
    pub fn assert(&mut self, options: &Value) -> Value {
        let rp_id = options["publicKey"]["rpId"].as_str().unwrap().to_owned();
        self.counter += 1;
        let auth_data = Self::auth_data_head(&rp_id, 0x05, self.counter);
        let client_data = self.client_data("webauthn.get", options);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&sha256(&client_data));
        let signature = EcdsaSig::sign(&sha256(&signed), &self.key)
            .unwrap()
            .to_der()
            .unwrap();
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data),
                "signature": b64(&signature),
                "userHandle": b64(&self.user_handle),
            },
            "extensions": {},
        })
    }
}
