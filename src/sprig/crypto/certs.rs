//! Sprig's key and certificate functions: `genPrivateKey`, `genCA`, `genCAWithKey`,
//! `genSelfSignedCert(WithKey)`, `genSignedCert(WithKey)`, `buildCustomCert`.
//!
//! Keys are PEM-encoded as Go encodes them (`RSA PRIVATE KEY` PKCS#1, `EC PRIVATE KEY` SEC1 with
//! the curve and public key, `PRIVATE KEY` PKCS#8 v1 for Ed25519, `DSA PRIVATE KEY` as OpenSSL's
//! sequence). Certificates are assembled in DER the way Go's `x509.CreateCertificate` lays out
//! Sprig's template: v3, random 128-bit serial, CN-only names (PrintableString when possible),
//! UTCTime before 2050, extensions in Go's order (key usage, extended key usage, basic constraints,
//! subject key id for CAs, authority key id, subject alternative names) and the signature
//! algorithm Go picks for the signing key. Output is random, so tests check shape and parse it
//! back.

use rand_core::OsRng;
use sha2::{Digest, Sha256};
use signature::Signer;

use crate::golang::encoding::{base64_decode, base64_encode};
use crate::golang::netip::parse_ip;
use crate::golang::time::{Duration, GoTime};

// ---- DER ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().iter().copied().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// INTEGER from unsigned big-endian bytes.
fn uint(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|&x| x == 0).collect();
    if b.is_empty() || b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

fn oid(content: &[u8]) -> Vec<u8> {
    tlv(0x06, content)
}

fn bit_string(bytes: &[u8], unused: u8) -> Vec<u8> {
    let mut c = vec![unused];
    c.extend_from_slice(bytes);
    tlv(0x03, &c)
}

fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

const NULL: &[u8] = &[0x05, 0x00];
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_SHA256_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_ECDSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
const OID_EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
const OID_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
const OID_SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
const OID_AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
const OID_SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
const OID_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
const OID_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];

// ---- PEM ----

/// `pem.EncodeToMemory`: 64-column base64 between BEGIN/END lines.
pub fn pem_encode(kind: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

/// `pem.Decode` (first block): (type, bytes). Headers ("Key: value" lines) are skipped.
pub fn pem_decode(data: &str) -> Option<(String, Vec<u8>)> {
    let mut rest = data;
    loop {
        let start = rest.find("-----BEGIN ")?;
        let after = &rest[start + 11..];
        let type_end = after.find("-----")?;
        let kind = &after[..type_end];
        let body_start = &after[type_end + 5..];
        // The BEGIN line must end right after the dashes (spaces allowed).
        let nl = body_start.find('\n')?;
        if !body_start[..nl].trim_end_matches(['\r', ' ', '\t']).is_empty() || kind.contains('\n') {
            rest = &rest[start + 11..];
            continue;
        }
        let body = &body_start[nl + 1..];
        let end_marker = format!("-----END {kind}-----");
        let Some(end) = body.find(&end_marker) else {
            rest = &rest[start + 11..];
            continue;
        };
        let mut text: String = String::new();
        for line in body[..end].lines() {
            if line.contains(':') {
                continue;
            }
            text.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
        }
        return match base64_decode(&text) {
            Ok(bytes) => Some((kind.to_string(), bytes)),
            Err(_) => {
                rest = &rest[start + 11..];
                continue;
            }
        };
    }
}

// ---- keys ----

/// A private key of one of the kinds Sprig handles.
#[derive(Clone)]
pub enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    Ed25519(ed25519_dalek::SigningKey),
    Dsa(Box<dsa::SigningKey>),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PrivateKey::Rsa(_) => "PrivateKey::Rsa",
            PrivateKey::P256(_) => "PrivateKey::P256",
            PrivateKey::P384(_) => "PrivateKey::P384",
            PrivateKey::Ed25519(_) => "PrivateKey::Ed25519",
            PrivateKey::Dsa(_) => "PrivateKey::Dsa",
        })
    }
}

fn ec_private_der(secret: &[u8], curve: &[u8], public: &[u8]) -> Vec<u8> {
    seq(&[&uint(&[1]), &octets(secret), &tlv(0xa0, &oid(curve)), &tlv(0xa1, &bit_string(public, 0))])
}

impl PrivateKey {
    /// Go's `pemBlockForKey`: (PEM type, DER).
    pub fn pem_block(&self) -> (&'static str, Vec<u8>) {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        match self {
            PrivateKey::Rsa(k) => ("RSA PRIVATE KEY", k.to_pkcs1_der().expect("RSA key encodes").as_bytes().to_vec()),
            PrivateKey::P256(k) => {
                let public = k.public_key().to_sec1_bytes();
                ("EC PRIVATE KEY", ec_private_der(&k.to_bytes(), OID_P256, &public))
            }
            PrivateKey::P384(k) => {
                let public = k.public_key().to_sec1_bytes();
                ("EC PRIVATE KEY", ec_private_der(&k.to_bytes(), OID_P384, &public))
            }
            PrivateKey::Ed25519(k) => {
                let inner = octets(&k.to_bytes());
                ("PRIVATE KEY", seq(&[&uint(&[0]), &seq(&[&oid(OID_ED25519)]), &octets(&inner)]))
            }
            PrivateKey::Dsa(k) => {
                let vk = k.verifying_key();
                let c = vk.components();
                let der = seq(&[
                    &uint(&[0]),
                    &uint(&c.p().to_bytes_be()),
                    &uint(&c.q().to_bytes_be()),
                    &uint(&c.g().to_bytes_be()),
                    &uint(&vk.y().to_bytes_be()),
                    &uint(&k.x().to_bytes_be()),
                ]);
                ("DSA PRIVATE KEY", der)
            }
        }
    }

    /// The key as Go prints it with `pem.EncodeToMemory(pemBlockForKey(k))`.
    pub fn to_pem(&self) -> String {
        let (kind, der) = self.pem_block();
        pem_encode(kind, &der)
    }

    /// SubjectPublicKeyInfo DER; `Err` for keys Go cannot sign certificates with.
    fn spki(&self) -> Result<Vec<u8>, String> {
        use rsa::pkcs1::EncodeRsaPublicKey;
        Ok(match self {
            PrivateKey::Rsa(k) => {
                let pk = k.to_public_key().to_pkcs1_der().map_err(|e| e.to_string())?;
                seq(&[&seq(&[&oid(OID_RSA), NULL]), &bit_string(pk.as_bytes(), 0)])
            }
            PrivateKey::P256(k) => seq(&[
                &seq(&[&oid(OID_EC_PUBLIC_KEY), &oid(OID_P256)]),
                &bit_string(&k.public_key().to_sec1_bytes(), 0),
            ]),
            PrivateKey::P384(k) => seq(&[
                &seq(&[&oid(OID_EC_PUBLIC_KEY), &oid(OID_P384)]),
                &bit_string(&k.public_key().to_sec1_bytes(), 0),
            ]),
            PrivateKey::Ed25519(k) => seq(&[&seq(&[&oid(OID_ED25519)]), &bit_string(&k.verifying_key().to_bytes(), 0)]),
            PrivateKey::Dsa(_) => return Err("x509: certificate private key does not implement crypto.Signer".into()),
        })
    }

    fn signature_algorithm(&self) -> Result<Vec<u8>, String> {
        Ok(match self {
            PrivateKey::Rsa(_) => seq(&[&oid(OID_SHA256_RSA), NULL]),
            PrivateKey::P256(_) => seq(&[&oid(OID_ECDSA_SHA256)]),
            PrivateKey::P384(_) => seq(&[&oid(OID_ECDSA_SHA384)]),
            PrivateKey::Ed25519(_) => seq(&[&oid(OID_ED25519)]),
            PrivateKey::Dsa(_) => return Err("x509: certificate private key does not implement crypto.Signer".into()),
        })
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, String> {
        Ok(match self {
            PrivateKey::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
                let sig: rsa::pkcs1v15::Signature = signer.try_sign(msg).map_err(|e| e.to_string())?;
                signature::SignatureEncoding::to_vec(&sig)
            }
            PrivateKey::P256(k) => {
                let signer = p256::ecdsa::SigningKey::from(k);
                let sig: p256::ecdsa::Signature = signer.try_sign(msg).map_err(|e| e.to_string())?;
                sig.to_der().as_bytes().to_vec()
            }
            PrivateKey::P384(k) => {
                let signer = p384::ecdsa::SigningKey::from(k);
                let sig: p384::ecdsa::Signature = signer.try_sign(msg).map_err(|e| e.to_string())?;
                sig.to_der().as_bytes().to_vec()
            }
            PrivateKey::Ed25519(k) => k.sign(msg).to_bytes().to_vec(),
            PrivateKey::Dsa(_) => return Err("x509: certificate private key does not implement crypto.Signer".into()),
        })
    }
}

fn new_rsa(bits: usize) -> Result<PrivateKey, String> {
    rsa::RsaPrivateKey::new(&mut OsRng, bits).map(|k| PrivateKey::Rsa(Box::new(k))).map_err(|e| e.to_string())
}

/// `genPrivateKey type` ("" or "rsa": RSA 4096; "dsa": L2048N256; "ecdsa": P-256; "ed25519").
pub fn gen_private_key(kind: &str) -> String {
    let key = match kind {
        "" | "rsa" => new_rsa(4096),
        "dsa" => {
            let components = dsa::Components::generate(&mut OsRng, dsa::KeySize::DSA_2048_256);
            Ok(PrivateKey::Dsa(Box::new(dsa::SigningKey::generate(&mut OsRng, components))))
        }
        "ecdsa" => Ok(PrivateKey::P256(p256::SecretKey::random(&mut OsRng))),
        "ed25519" => Ok(PrivateKey::Ed25519(ed25519_dalek::SigningKey::generate(&mut OsRng))),
        _ => return format!("Unknown type {kind}"),
    };
    match key {
        Ok(k) => k.to_pem(),
        Err(e) => format!("failed to generate private key: {e}"),
    }
}

/// Go's asn1 "tags don't match" message for a DER blob whose outer element is not a SEQUENCE.
fn asn1_outer_error(der: &[u8], name: &str) -> String {
    if der.len() < 2 {
        return "asn1: syntax error: data truncated".into();
    }
    let class = der[0] >> 6;
    let compound = der[0] & 0x20 != 0;
    let tag = der[0] & 0x1f;
    let length = der[1] as usize;
    if der[0] == 0x30 {
        return "asn1: syntax error: data truncated".into();
    }
    format!(
        "asn1: structure error: tags don't match (16 vs {{class:{class} tag:{tag} length:{length} isCompound:{compound}}}) \
         {{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 \
         timeType:0 set:false omitEmpty:false}} {name} @2"
    )
}

fn parse_ec_sec1(der: &[u8]) -> Result<PrivateKey, String> {
    if let Ok(k) = p256::SecretKey::from_sec1_der(der) {
        return Ok(PrivateKey::P256(k));
    }
    if let Ok(k) = p384::SecretKey::from_sec1_der(der) {
        return Ok(PrivateKey::P384(k));
    }
    Err(format!("x509: failed to parse EC private key: {}", asn1_outer_error(der, "ecPrivateKey")))
}

fn parse_dsa(der: &[u8]) -> Result<PrivateKey, String> {
    use dsa::BigUint;
    let ints = read_integers(der).ok_or_else(|| asn1_outer_error(der, "DSAKeyFormat"))?;
    if ints.len() != 6 {
        return Err(asn1_outer_error(der, "DSAKeyFormat"));
    }
    let b = |i: usize| BigUint::from_bytes_be(&ints[i]);
    let components = dsa::Components::from_components(b(1), b(2), b(3)).map_err(|e| e.to_string())?;
    let vk = dsa::VerifyingKey::from_components(components, b(4)).map_err(|e| e.to_string())?;
    let sk = dsa::SigningKey::from_components(vk, b(5)).map_err(|e| e.to_string())?;
    Ok(PrivateKey::Dsa(Box::new(sk)))
}

/// The INTEGERs of a DER SEQUENCE of INTEGERs.
fn read_integers(der: &[u8]) -> Option<Vec<Vec<u8>>> {
    let (tag, body, rest) = read_tlv(der)?;
    if tag != 0x30 || !rest.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut b = body;
    while !b.is_empty() {
        let (t, v, r) = read_tlv(b)?;
        if t != 0x02 {
            return None;
        }
        out.push(v.to_vec());
        b = r;
    }
    Some(out)
}

fn read_tlv(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *d.first()?;
    let l0 = *d.get(1)? as usize;
    let (len, hdr) = if l0 < 0x80 {
        (l0, 2)
    } else {
        let n = l0 & 0x7f;
        if n == 0 || n > 4 || d.len() < 2 + n {
            return None;
        }
        (d[2..2 + n].iter().fold(0usize, |a, &b| a << 8 | b as usize), 2 + n)
    };
    let end = hdr.checked_add(len)?;
    if d.len() < end {
        return None;
    }
    Some((tag, &d[hdr..end], &d[end..]))
}

/// Sprig's `parsePrivateKeyPEM`, with its error texts.
pub fn parse_private_key_pem(pem: &str) -> Result<PrivateKey, String> {
    let (kind, der) = pem_decode(pem).ok_or("no PEM data in input")?;
    if kind == "PRIVATE KEY" {
        return parse_pkcs8(&der).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(prefix) = kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!("no private key data in PEM block of type {kind}"));
    };
    match prefix {
        "RSA" => {
            use rsa::pkcs1::DecodeRsaPrivateKey;
            rsa::RsaPrivateKey::from_pkcs1_der(&der)
                .map(|k| PrivateKey::Rsa(Box::new(k)))
                .map_err(|_| format!("parsing RSA private key from PEM: {}", asn1_outer_error(&der, "pkcs1PrivateKey")))
        }
        "EC" => parse_ec_sec1(&der).map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => parse_dsa(&der).map_err(|e| format!("parsing DSA private key from PEM: {e}")),
        _ => Err(format!("invalid private key type {kind}")),
    }
}

fn parse_pkcs8(der: &[u8]) -> Result<PrivateKey, String> {
    use p256::pkcs8::DecodePrivateKey;
    if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
        return Ok(PrivateKey::Rsa(Box::new(k)));
    }
    if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
        return Ok(PrivateKey::P256(k));
    }
    if let Ok(k) = p384::SecretKey::from_pkcs8_der(der) {
        return Ok(PrivateKey::P384(k));
    }
    if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        return Ok(PrivateKey::Ed25519(k));
    }
    if read_tlv(der).is_some_and(|(t, _, _)| t == 0x30) {
        return Err("x509: PKCS#8 wrapping contained private key with unknown algorithm".into());
    }
    Err(asn1_outer_error(der, "pkcs8"))
}

// ---- certificates ----

/// Sprig's `certificate` ({Cert, Key} PEM strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certificate {
    pub cert: String,
    pub key: String,
}

/// An element of the `ips`/`alternateDNS` lists: a string, or the `%v` text of a non-string.
pub type ListItem = Result<String, String>;

/// A pkix.Name with only a CommonName, as DER.
fn name_der(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return seq(&[]);
    }
    let printable = cn.bytes().all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b));
    let value = tlv(if printable { 0x13 } else { 0x0c }, cn.as_bytes());
    seq(&[&tlv(0x31, &seq(&[&oid(OID_CN), &value]))])
}

fn time_der(t: &GoTime) -> Vec<u8> {
    let u = t.utc();
    let year = u.year();
    if (1950..2050).contains(&year) {
        tlv(0x17, u.format("060102150405Z").as_bytes())
    } else {
        tlv(0x18, u.format("20060102150405Z").as_bytes())
    }
}

fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    if critical {
        seq(&[&oid(id), &[0x01, 0x01, 0xff], &octets(value)])
    } else {
        seq(&[&oid(id), &octets(value)])
    }
}

/// The fields `getBaseCertTemplate` fills (plus IsCA for the CA variants).
struct Template {
    cn: String,
    ips: Vec<[u8; 16]>,
    dns: Vec<String>,
    days: i64,
    is_ca: bool,
}

fn base_template(cn: &str, ips: Option<&[ListItem]>, dns: Option<&[ListItem]>, days: i64) -> Result<Template, String> {
    let mut parsed_ips = Vec::new();
    for ip in ips.unwrap_or_default() {
        let s = ip.as_ref().map_err(|v| format!("error parsing ip: {v} is not a string"))?;
        parsed_ips.push(parse_ip(s).ok_or_else(|| format!("error parsing ip: {s}"))?);
    }
    let mut names = Vec::new();
    for d in dns.unwrap_or_default() {
        let s = d.as_ref().map_err(|v| format!("error processing alternate dns name: {v} is not a string"))?;
        names.push(s.clone());
    }
    Ok(Template { cn: cn.to_string(), ips: parsed_ips, dns: names, days, is_ca: false })
}

/// What `x509.CreateCertificate` needs from the parent.
struct Parent<'a> {
    subject_der: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
    key: &'a PrivateKey,
}

fn create_certificate(t: &Template, signee: &PrivateKey, parent: Option<&Parent>) -> Result<String, String> {
    let wrap = |e: String| format!("error creating certificate: {e}");
    let signer = parent.map_or(signee, |p| p.key);
    let spki = signee.spki().map_err(wrap)?;
    let sig_alg = signer.signature_algorithm().map_err(wrap)?;
    let serial = crate::sprig::random::bytes(16);
    let now = GoTime::now();
    let not_after = now.add(Duration(Duration::HOUR.wrapping_mul(24).wrapping_mul(t.days)));
    let subject = name_der(&t.cn);
    let issuer = parent.map_or_else(|| subject.clone(), |p| p.subject_der.clone());

    let mut exts: Vec<Vec<u8>> = Vec::new();
    let key_usage: &[u8] = if t.is_ca { &[0x03, 0x02, 0x02, 0xa4] } else { &[0x03, 0x02, 0x05, 0xa0] };
    exts.push(extension(OID_KEY_USAGE, true, key_usage));
    exts.push(extension(OID_EXT_KEY_USAGE, false, &seq(&[&oid(OID_SERVER_AUTH), &oid(OID_CLIENT_AUTH)])));
    let bc = if t.is_ca { seq(&[&[0x01, 0x01, 0xff]]) } else { seq(&[]) };
    exts.push(extension(OID_BASIC_CONSTRAINTS, true, &bc));
    if t.is_ca {
        // Go 1.25+: the first 160 bits of SHA-256 over the public key bits (RFC 7093 method 1).
        let (_, body, _) = read_tlv(&spki).expect("own SPKI");
        let (_, _, after_alg) = read_tlv(body).expect("own SPKI");
        let (_, bits, _) = read_tlv(after_alg).expect("own SPKI");
        let skid = Sha256::digest(&bits[1..]);
        exts.push(extension(OID_SUBJECT_KEY_ID, false, &octets(&skid[..20])));
    }
    if let Some(p) = parent {
        if p.subject_der != subject {
            if let Some(skid) = &p.subject_key_id {
                exts.push(extension(OID_AUTHORITY_KEY_ID, false, &seq(&[&tlv(0x80, skid)])));
            }
        }
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let mut names: Vec<u8> = Vec::new();
        for d in &t.dns {
            names.extend(tlv(0x82, d.as_bytes()));
        }
        for ip in &t.ips {
            let v4 = ip[..10].iter().all(|&b| b == 0) && ip[10] == 0xff && ip[11] == 0xff;
            names.extend(tlv(0x87, if v4 { &ip[12..] } else { &ip[..] }));
        }
        exts.push(extension(OID_SUBJECT_ALT_NAME, false, &tlv(0x30, &names)));
    }

    let tbs = seq(&[
        &tlv(0xa0, &uint(&[2])),
        &uint(&serial),
        &sig_alg,
        &issuer,
        &seq(&[&time_der(&now), &time_der(&not_after)]),
        &subject,
        &spki,
        &tlv(0xa3, &tlv(0x30, &exts.concat())),
    ]);
    let signature = signer.sign(&tbs).map_err(wrap)?;
    let der = seq(&[&tbs, &sig_alg, &bit_string(&signature, 0)]);
    Ok(pem_encode("CERTIFICATE", &der))
}

fn cert_and_key(t: &Template, key: &PrivateKey, parent: Option<&Parent>) -> Result<Certificate, String> {
    let cert = create_certificate(t, key, parent)?;
    Ok(Certificate { cert, key: key.to_pem() })
}

/// A parsed certificate: the parts signing needs.
struct ParsedCert {
    subject_der: Vec<u8>,
    spki_der: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
}

fn parse_certificate(der: &[u8]) -> Result<ParsedCert, String> {
    use x509_cert::der::{Decode, Encode};
    let malformed = || "x509: malformed certificate".to_string();
    let cert = x509_cert::Certificate::from_der(der).map_err(|_| malformed())?;
    let tbs = &cert.tbs_certificate;
    let subject_der = tbs.subject.to_der().map_err(|_| malformed())?;
    let spki_der = tbs.subject_public_key_info.to_der().map_err(|_| malformed())?;
    let subject_key_id = tbs.extensions.as_ref().and_then(|exts| {
        exts.iter().find(|e| e.extn_id.as_bytes() == OID_SUBJECT_KEY_ID).and_then(|e| {
            let (tag, v, _) = read_tlv(e.extn_value.as_bytes())?;
            (tag == 0x04).then(|| v.to_vec())
        })
    });
    Ok(ParsedCert { subject_der, spki_der, subject_key_id })
}

/// `genCA cn days` (RSA 2048).
pub fn gen_ca(cn: &str, days: i64) -> Result<Certificate, String> {
    let key = new_rsa(2048).map_err(|e| format!("error generating rsa key: {e}"))?;
    gen_ca_with_key_inner(cn, days, &key)
}

/// `genCAWithKey cn days keyPEM`.
pub fn gen_ca_with_key(cn: &str, days: i64, key_pem: &str) -> Result<Certificate, String> {
    let key = parse_private_key_pem(key_pem).map_err(|e| format!("parsing private key: {e}"))?;
    gen_ca_with_key_inner(cn, days, &key)
}

fn gen_ca_with_key_inner(cn: &str, days: i64, key: &PrivateKey) -> Result<Certificate, String> {
    let mut t = base_template(cn, None, None, days)?;
    t.is_ca = true;
    cert_and_key(&t, key, None)
}

/// `genSelfSignedCert cn ips dns days` (RSA 2048).
pub fn gen_self_signed_cert(
    cn: &str,
    ips: Option<&[ListItem]>,
    dns: Option<&[ListItem]>,
    days: i64,
) -> Result<Certificate, String> {
    let key = new_rsa(2048).map_err(|e| format!("error generating rsa key: {e}"))?;
    let t = base_template(cn, ips, dns, days)?;
    cert_and_key(&t, &key, None)
}

/// `genSelfSignedCertWithKey cn ips dns days keyPEM`.
pub fn gen_self_signed_cert_with_key(
    cn: &str,
    ips: Option<&[ListItem]>,
    dns: Option<&[ListItem]>,
    days: i64,
    key_pem: &str,
) -> Result<Certificate, String> {
    let key = parse_private_key_pem(key_pem).map_err(|e| format!("parsing private key: {e}"))?;
    let t = base_template(cn, ips, dns, days)?;
    cert_and_key(&t, &key, None)
}

/// `genSignedCert cn ips dns days ca` (RSA 2048).
pub fn gen_signed_cert(
    cn: &str,
    ips: Option<&[ListItem]>,
    dns: Option<&[ListItem]>,
    days: i64,
    ca: &Certificate,
) -> Result<Certificate, String> {
    let key = new_rsa(2048).map_err(|e| format!("error generating rsa key: {e}"))?;
    signed_cert(cn, ips, dns, days, ca, &key)
}

/// `genSignedCertWithKey cn ips dns days ca keyPEM`.
pub fn gen_signed_cert_with_key(
    cn: &str,
    ips: Option<&[ListItem]>,
    dns: Option<&[ListItem]>,
    days: i64,
    ca: &Certificate,
    key_pem: &str,
) -> Result<Certificate, String> {
    let key = parse_private_key_pem(key_pem).map_err(|e| format!("parsing private key: {e}"))?;
    signed_cert(cn, ips, dns, days, ca, &key)
}

fn signed_cert(
    cn: &str,
    ips: Option<&[ListItem]>,
    dns: Option<&[ListItem]>,
    days: i64,
    ca: &Certificate,
    key: &PrivateKey,
) -> Result<Certificate, String> {
    let (_, der) = pem_decode(&ca.cert).ok_or("unable to decode certificate")?;
    let parent =
        parse_certificate(&der).map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
    let signer_key = parse_private_key_pem(&ca.key).map_err(|e| format!("error parsing private key: {e}"))?;
    let t = base_template(cn, ips, dns, days)?;
    if let Ok(spki) = signer_key.spki() {
        if spki != parent.spki_der {
            return Err("error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
    }
    let p = Parent { subject_der: parent.subject_der, subject_key_id: parent.subject_key_id, key: &signer_key };
    cert_and_key(&t, key, Some(&p))
}

/// `buildCustomCert b64cert b64key`: checks both parse, returns them decoded.
pub fn build_custom_cert(b64cert: &str, b64key: &str) -> Result<Certificate, String> {
    let cert = base64_decode(b64cert).map_err(|_| "unable to decode base64 certificate")?;
    let key = base64_decode(b64key).map_err(|_| "unable to decode base64 private key")?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der) = pem_decode(&cert).ok_or("unable to decode certificate")?;
    parse_certificate(&der).map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
    parse_private_key_pem(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(Certificate { cert, key })
}

#[cfg(test)]
#[path = "certs_tests.rs"]
mod tests;
