//! Keys and certificates are random: these tests check their shape, parse them back (also with
//! Go-made inputs from `testdata/go_keys.rs`), verify signatures, and match Sprig's error texts
//! (from the helm v4.2.3 oracle).

use super::*;
use x509_cert::der::{Decode, Encode};

mod go {
    include!("go_keys.rs");
}

fn cert_der(pem: &str) -> Vec<u8> {
    let (kind, der) = pem_decode(pem).unwrap();
    assert_eq!(kind, "CERTIFICATE");
    der
}

fn parsed(pem: &str) -> x509_cert::Certificate {
    x509_cert::Certificate::from_der(&cert_der(pem)).unwrap()
}

fn ext_value<'a>(c: &'a x509_cert::Certificate, id: &[u8]) -> Option<&'a [u8]> {
    c.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id.as_bytes() == id).map(|e| e.extn_value.as_bytes())
}

/// Verifies `c`'s signature with the RSA key in `issuer_key_pem`.
fn verify_rsa(c: &x509_cert::Certificate, issuer_key_pem: &str) {
    use rsa::signature::Verifier;
    let PrivateKey::Rsa(k) = parse_private_key_pem(issuer_key_pem).unwrap() else { panic!("RSA key expected") };
    let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k.to_public_key());
    let sig = rsa::pkcs1v15::Signature::try_from(c.signature.raw_bytes()).unwrap();
    vk.verify(&c.tbs_certificate.to_der().unwrap(), &sig).unwrap();
}

#[test]
fn private_key_shapes() {
    let ec = gen_private_key("ecdsa");
    assert!(ec.starts_with("-----BEGIN EC PRIVATE KEY-----\n") && ec.ends_with("-----END EC PRIVATE KEY-----\n"));
    assert!(matches!(parse_private_key_pem(&ec).unwrap(), PrivateKey::P256(_)));
    let ed = gen_private_key("ed25519");
    assert!(ed.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    // Go's PKCS#8 v1 form: 48 bytes, one 64-column line.
    assert_eq!(ed.lines().count(), 3);
    assert!(matches!(parse_private_key_pem(&ed).unwrap(), PrivateKey::Ed25519(_)));
    assert_eq!(gen_private_key("foo"), "Unknown type foo");
    for line in ec.lines().filter(|l| !l.starts_with("-----")) {
        assert!(line.len() <= 64);
    }
}

#[test]
fn go_made_keys_round_trip() {
    // Our encodings of Go's keys are Go's bytes.
    for pem in [go::GO_EC_KEY, go::GO_ED25519_KEY, go::GO_DSA_KEY, go::GO_CA_KEY] {
        assert_eq!(parse_private_key_pem(pem).unwrap().to_pem(), pem);
    }
}

#[test]
#[ignore = "RSA 4096 and DSA L2048N256 generation take seconds"]
fn slow_key_generation() {
    let rsa = gen_private_key("rsa");
    assert!(rsa.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert!(gen_private_key("").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert!((3200..3300).contains(&rsa.len()), "{}", rsa.len());
    let dsa = gen_private_key("dsa");
    assert!(dsa.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"));
    assert!(matches!(parse_private_key_pem(&dsa).unwrap(), PrivateKey::Dsa(_)));
}

#[test]
fn ca_and_signed_certificates() {
    let ca = gen_ca("my-ca", 365).unwrap();
    assert!(ca.cert.starts_with("-----BEGIN CERTIFICATE-----\n") && ca.cert.ends_with("-----END CERTIFICATE-----\n"));
    assert!(ca.key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    let c = parsed(&ca.cert);
    assert_eq!(c.tbs_certificate.subject.to_string(), "CN=my-ca");
    assert_eq!(c.tbs_certificate.issuer, c.tbs_certificate.subject);
    assert_eq!(ext_value(&c, OID_KEY_USAGE), Some(&[0x03, 0x02, 0x02, 0xa4][..]));
    assert_eq!(ext_value(&c, OID_BASIC_CONSTRAINTS), Some(&[0x30, 0x03, 0x01, 0x01, 0xff][..]));
    let skid = ext_value(&c, OID_SUBJECT_KEY_ID).unwrap().to_vec();
    assert_eq!(skid.len(), 22);
    verify_rsa(&c, &ca.key);
    // The same structure as Go's CA (only key, serial, times and signature differ).
    let g = parsed(go::GO_CA_CERT);
    let ids = |c: &x509_cert::Certificate| -> Vec<Vec<u8>> {
        c.tbs_certificate.extensions.as_ref().unwrap().iter().map(|e| e.extn_id.as_bytes().to_vec()).collect()
    };
    assert_eq!(ids(&c), ids(&g));
    assert_eq!(c.signature_algorithm, g.signature_algorithm);

    let ips: Vec<ListItem> = vec![Ok("127.0.0.1".into()), Ok("::1".into())];
    let dns: Vec<ListItem> = vec![Ok("svc.ns.svc".into())];
    let leaf = gen_signed_cert("svc", Some(&ips), Some(&dns), 30, &ca).unwrap();
    let l = parsed(&leaf.cert);
    assert_eq!(l.tbs_certificate.issuer, c.tbs_certificate.subject);
    assert_eq!(ext_value(&l, OID_BASIC_CONSTRAINTS), Some(&[0x30, 0x00][..]));
    assert_eq!(ext_value(&l, OID_KEY_USAGE), Some(&[0x03, 0x02, 0x05, 0xa0][..]));
    let akid = ext_value(&l, OID_AUTHORITY_KEY_ID).unwrap();
    assert_eq!(&akid[4..], &skid[2..]);
    let san = ext_value(&l, OID_SUBJECT_ALT_NAME).unwrap();
    assert!(san.windows(10).any(|w| w == b"svc.ns.svc"));
    assert!(san.windows(6).any(|w| w == [0x87, 0x04, 127, 0, 0, 1]));
    verify_rsa(&l, &ca.key);
    assert!(leaf.key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
}

#[test]
fn certificates_with_given_keys() {
    let ec = gen_private_key("ecdsa");
    let ca = gen_ca_with_key("ec-ca", 10, &ec).unwrap();
    assert_eq!(ca.key, ec);
    let ed = gen_private_key("ed25519");
    let c = gen_self_signed_cert_with_key("foo.com", Some(&[]), None, 365, &ed).unwrap();
    assert_eq!(c.key, ed);
    assert!(ext_value(&parsed(&c.cert), OID_SUBJECT_ALT_NAME).is_none());
    let leaf = gen_signed_cert_with_key("svc", None, None, 365, &ca, &ed).unwrap();
    assert_eq!(leaf.key, ed);
    // A Go-made CA signs too, and Go's cert and key pass buildCustomCert unchanged.
    let go_ca = Certificate { cert: go::GO_CA_CERT.into(), key: go::GO_CA_KEY.into() };
    let leaf = gen_signed_cert_with_key("svc", None, None, 1, &go_ca, go::GO_EC_KEY).unwrap();
    verify_rsa(&parsed(&leaf.cert), go::GO_CA_KEY);
    let built = build_custom_cert(&base64_encode(go::GO_CA_CERT.as_bytes()), &base64_encode(go::GO_CA_KEY.as_bytes()));
    assert_eq!(built.unwrap(), go_ca);
}

#[test]
fn errors_match_sprig() {
    let cases: Vec<(Result<Certificate, String>, &str)> = vec![
        (gen_self_signed_cert("x", Some(&[Ok("not-an-ip".into())]), None, 1), "error parsing ip: not-an-ip"),
        (gen_self_signed_cert("x", Some(&[Err("1".into())]), None, 1), "error parsing ip: 1 is not a string"),
        (gen_ca_with_key("x", 1, "not a pem"), "parsing private key: no PEM data in input"),
        (
            gen_self_signed_cert_with_key("x", None, None, 1, go::GO_CA_CERT),
            "parsing private key: no private key data in PEM block of type CERTIFICATE",
        ),
        (build_custom_cert("!!", "!!"), "unable to decode base64 certificate"),
        (
            build_custom_cert(&base64_encode(go::GO_CA_CERT.as_bytes()), &base64_encode(b"junk")),
            "error parsing private key: no PEM data in input",
        ),
        (build_custom_cert(&base64_encode(b"junk"), ""), "unable to decode certificate"),
        (
            build_custom_cert(&base64_encode(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), ""),
            "error parsing certificate: decodedCert.Bytes: x509: malformed certificate",
        ),
        (
            gen_ca_with_key("x", 1, go::GO_DSA_KEY),
            "error creating certificate: x509: certificate private key does not implement crypto.Signer",
        ),
        (
            gen_ca_with_key("x", 1, "-----BEGIN FOO PRIVATE KEY-----\nAAAA\n-----END FOO PRIVATE KEY-----\n"),
            "parsing private key: invalid private key type FOO PRIVATE KEY",
        ),
        (
            gen_ca_with_key("x", 1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"),
            "parsing private key: parsing RSA private key from PEM: asn1: structure error: tags don't match (16 vs \
             {class:0 tag:0 length:0 isCompound:false}) {optional:false explicit:false application:false private:false \
             defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} pkcs1PrivateKey @2",
        ),
        (
            gen_ca_with_key("x", 1, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
            "parsing private key: decoding PEM as PKCS#8: asn1: structure error: tags don't match (16 vs \
             {class:0 tag:0 length:0 isCompound:false}) {optional:false explicit:false application:false private:false \
             defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} pkcs8 @2",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got.unwrap_err(), want);
    }
    let mismatched = Certificate { cert: go::GO_CA_CERT.into(), key: gen_private_key("ecdsa") };
    assert_eq!(
        gen_signed_cert_with_key("x", None, None, 1, &mismatched, go::GO_EC_KEY).unwrap_err(),
        "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey"
    );
}
