//! Template functions of the random family over [`crate::sprig::random`]: `randAlphaNum`,
//! `randAlpha`, `randNumeric`, `randAscii`, `randBytes`, `uuidv4`, `shuffle` (`randInt` is with
//! the math functions).

use crate::gotmpl::{Error, FuncMap, Value};
use crate::sprig::random as r;
use crate::sprig::util::check_size;

fn count(a: &Value) -> Result<i64, Error> {
    let n = a.as_i128().unwrap_or(0) as i64;
    check_size(n.max(0) as u128)?;
    Ok(n)
}

pub fn register(f: &mut FuncMap) {
    let table: [(&str, fn(i64) -> String); 4] = [
        ("randAlphaNum", r::rand_alpha_num),
        ("randAlpha", r::rand_alpha),
        ("randNumeric", r::rand_numeric),
        ("randAscii", r::rand_ascii),
    ];
    for (name, fun) in table {
        f.add(name, "func(int) string", move |a| Ok(Value::from(fun(count(&a[0])?))));
    }
    f.add("randBytes", "func(int) (string, error)", |a| r::rand_bytes(count(&a[0])?).map(Value::from).map_err(Error::msg));
    f.add("uuidv4", "func() string", |_| Ok(Value::from(r::uuidv4())));
    f.add("shuffle", "func(string) string", |a| Ok(Value::from(r::shuffle(a[0].as_str().unwrap_or("")))));
}
