//! Sprig's password and cipher functions: `bcrypt`, `htpasswd`, `derivePassword` (the Master
//! Password algorithm: scrypt then HMAC-SHA256 over templates), `encryptAES`/`decryptAES` (AES-256
//! with the password zero-padded or cut to 32 bytes, PKCS#7-style padding, a random IV in front,
//! base64) — including the Go runtime panics `decryptAES` raises on malformed input.
//! Keys and certificates are in [`certs`].

pub mod certs;
pub mod funcs;

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use aes::Aes256;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::sprig::random;
use crate::golang::encoding::{base64_decode, base64_encode};

/// `bcrypt s`: a "$2a$10$…" hash with a random salt (Go's `bcrypt.DefaultCost` is 10), or Sprig's
/// failure text (passwords over 72 bytes are refused by x/crypto).
pub fn bcrypt(input: &str) -> String {
    if input.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes".into();
    }
    let salt: [u8; 16] = random::bytes(16).try_into().expect("16 bytes");
    match ::bcrypt::hash_with_salt(input.as_bytes(), 10, salt) {
        // The crate's "$2a$" form is Go's: cost as two digits, bcrypt's base64 for salt and hash.
        Ok(parts) => parts.format_for_version(::bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

/// `htpasswd user password`: "user:<bcrypt>", refused for user names with a colon.
pub fn htpasswd(username: &str, password: &str) -> String {
    if username.contains(':') {
        return format!("invalid username: {username}");
    }
    format!("{username}:{}", bcrypt(password))
}

const MASTER_PASSWORD_SEED: &str = "com.lyndir.masterpassword";

fn templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_chars(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// `derivePassword counter type password user site`.
pub fn derive_password(counter: u32, password_type: &str, password: &str, user: &str, site: &str) -> String {
    let Some(templates) = templates(password_type) else {
        return format!("cannot find password template {password_type}");
    };
    let mut salt = MASTER_PASSWORD_SEED.as_bytes().to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let params = scrypt::Params::new(15, 8, 2, 64).expect("valid scrypt parameters");
    let mut key = [0u8; 64];
    if let Err(e) = scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key) {
        return format!("failed to derive password: {e}");
    }
    let mut msg = MASTER_PASSWORD_SEED.as_bytes().to_vec();
    msg.extend_from_slice(&(site.len() as u32).to_be_bytes());
    msg.extend_from_slice(site.as_bytes());
    msg.extend_from_slice(&counter.to_be_bytes());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();
    let temp = templates[seed[0] as usize % templates.len()].as_bytes();
    temp.iter()
        .enumerate()
        .map(|(i, &c)| {
            let chars = template_chars(c);
            chars[seed[i + 1] as usize % chars.len()] as char
        })
        .collect()
}

fn aes_key(password: &str) -> Aes256 {
    let mut key = [0u8; 32];
    let p = password.as_bytes();
    let n = p.len().min(32);
    key[..n].copy_from_slice(&p[..n]);
    Aes256::new(&key.into())
}

/// `encryptAES password plaintext` ("" stays "").
pub fn encrypt_aes(password: &str, plaintext: &str) -> Result<String, String> {
    encrypt_aes_with_iv(password, plaintext, &random::bytes(16))
}

fn encrypt_aes_with_iv(password: &str, plaintext: &str, iv: &[u8]) -> Result<String, String> {
    if plaintext.is_empty() {
        return Ok(String::new());
    }
    let cipher = aes_key(password);
    let mut content = plaintext.as_bytes().to_vec();
    let padding = 16 - content.len() % 16;
    content.extend(std::iter::repeat(padding as u8).take(padding));
    let mut out = iv.to_vec();
    let mut prev: [u8; 16] = iv.try_into().expect("16-byte IV");
    for block in content.chunks(16) {
        let mut b = [0u8; 16];
        for i in 0..16 {
            b[i] = block[i] ^ prev[i];
        }
        let mut ga = b.into();
        cipher.encrypt_block(&mut ga);
        prev = ga.into();
        out.extend_from_slice(&prev);
    }
    Ok(base64_encode(&out))
}

/// `decryptAES password ciphertext`: Go's errors and runtime panics as `Err`.
pub fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = base64_decode(crypt64)?;
    let cipher = aes_key(password);
    if crypt.len() < 16 {
        return Err(format!("runtime error: slice bounds out of range [:16] with capacity {}", crypt.len()));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let mut prev: [u8; 16] = iv.try_into().expect("16 bytes");
    let mut decrypted = Vec::with_capacity(body.len());
    for block in body.chunks(16) {
        let mut ga = <[u8; 16]>::try_from(block).expect("full block").into();
        cipher.decrypt_block(&mut ga);
        let plain: [u8; 16] = ga.into();
        for i in 0..16 {
            decrypted.push(plain[i] ^ prev[i]);
        }
        prev = block.try_into().expect("full block");
    }
    let Some(&last) = decrypted.last() else {
        return Err("runtime error: index out of range [-1]".into());
    };
    let end = decrypted.len() as i64 - last as i64;
    if end < 0 {
        return Err(format!("runtime error: slice bounds out of range [:{end}]"));
    }
    Ok(String::from_utf8_lossy(&decrypted[..end as usize]).into_owned())
}

#[cfg(test)]
mod tests;
