//! Template functions of the crypto family over [`crate::sprig::crypto`] and [`super::certs`]:
//! `bcrypt`, `htpasswd`, `derivePassword`, `encryptAES`, `decryptAES`, `genPrivateKey`, and the
//! certificate functions, whose results are `sprig.certificate` objects with `.Cert` and `.Key`.

use super::certs::{self, Certificate, ListItem};
use crate::gotmpl::fmt::format_value;
use crate::gotmpl::{Error, FuncMap, Object, Value};
use crate::yaml::Value as J;
use std::rc::Rc;

/// Sprig's `certificate` struct.
#[derive(Debug, Clone)]
pub struct CertObject(pub Certificate);

impl Object for CertObject {
    fn type_name(&self) -> &'static str {
        "sprig.certificate"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.0.cert.as_str())),
            "Key" => Some(Value::from(self.0.key.as_str())),
            _ => None,
        }
    }
    fn fmt_struct(&self, plus: bool) -> String {
        if plus {
            format!("{{Cert:{} Key:{}}}", self.0.cert, self.0.key)
        } else {
            format!("{{{} {}}}", self.0.cert, self.0.key)
        }
    }
    fn to_json(&self) -> Result<J, String> {
        Ok(J::Map(vec![("Cert".into(), J::Str(self.0.cert.clone())), ("Key".into(), J::Str(self.0.key.clone()))]))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn s(a: &Value) -> &str {
    a.as_str().unwrap_or("")
}

fn int(a: &Value) -> i64 {
    a.as_i128().unwrap_or(0) as i64
}

fn cert(r: Result<Certificate, String>) -> Result<Value, Error> {
    r.map(|c| Value::Object(Rc::new(CertObject(c)))).map_err(Error::msg)
}

/// The certificate a `sprig.certificate` parameter received (the zero struct for nil).
fn cert_arg(v: &Value) -> Certificate {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<CertObject>().map(|c| c.0.clone()).unwrap_or_default(),
        _ => Certificate::default(),
    }
}

/// An `[]interface {}` of IPs or DNS names: strings, or the `%v` text of anything else; `None`
/// for a nil slice.
fn list(v: &Value) -> Option<Vec<ListItem>> {
    let l = v.as_list().filter(|l| !l.nil)?;
    Some(l.items.iter().map(|x| x.as_str().map(str::to_string).ok_or_else(|| format_value(x, 'v'))).collect())
}

pub fn register(f: &mut FuncMap) {
    f.add("bcrypt", "func(string) string", |a| Ok(Value::from(super::bcrypt(s(&a[0])))));
    f.add("htpasswd", "func(string, string) string", |a| Ok(Value::from(super::htpasswd(s(&a[0]), s(&a[1])))));
    f.add("derivePassword", "func(uint32, string, string, string, string) string", |a| {
        let counter = int(&a[0]) as u32;
        Ok(Value::from(super::derive_password(counter, s(&a[1]), s(&a[2]), s(&a[3]), s(&a[4]))))
    });
    f.add("encryptAES", "func(string, string) (string, error)", |a| super::encrypt_aes(s(&a[0]), s(&a[1])).map(Value::from).map_err(Error::msg));
    f.add("decryptAES", "func(string, string) (string, error)", |a| super::decrypt_aes(s(&a[0]), s(&a[1])).map(Value::from).map_err(Error::msg));
    f.add("genPrivateKey", "func(string) string", |a| Ok(Value::from(certs::gen_private_key(s(&a[0])))));
    f.add("buildCustomCert", "func(string, string) (sprig.certificate, error)", |a| cert(certs::build_custom_cert(s(&a[0]), s(&a[1]))));
    f.add("genCA", "func(string, int) (sprig.certificate, error)", |a| cert(certs::gen_ca(s(&a[0]), int(&a[1]))));
    f.add("genCAWithKey", "func(string, int, string) (sprig.certificate, error)", |a| cert(certs::gen_ca_with_key(s(&a[0]), int(&a[1]), s(&a[2]))));
    f.add("genSelfSignedCert", "func(string, []interface {}, []interface {}, int) (sprig.certificate, error)", |a| {
        cert(certs::gen_self_signed_cert(s(&a[0]), list(&a[1]).as_deref(), list(&a[2]).as_deref(), int(&a[3])))
    });
    f.add("genSelfSignedCertWithKey", "func(string, []interface {}, []interface {}, int, string) (sprig.certificate, error)", |a| {
        cert(certs::gen_self_signed_cert_with_key(s(&a[0]), list(&a[1]).as_deref(), list(&a[2]).as_deref(), int(&a[3]), s(&a[4])))
    });
    f.add("genSignedCert", "func(string, []interface {}, []interface {}, int, sprig.certificate) (sprig.certificate, error)", |a| {
        cert(certs::gen_signed_cert(s(&a[0]), list(&a[1]).as_deref(), list(&a[2]).as_deref(), int(&a[3]), &cert_arg(&a[4])))
    });
    f.add(
        "genSignedCertWithKey",
        "func(string, []interface {}, []interface {}, int, sprig.certificate, string) (sprig.certificate, error)",
        |a| cert(certs::gen_signed_cert_with_key(s(&a[0]), list(&a[1]).as_deref(), list(&a[2]).as_deref(), int(&a[3]), &cert_arg(&a[4]), s(&a[5]))),
    );
}
