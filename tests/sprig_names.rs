//! Every function of Sprig v3.3.0's `TxtFuncMap` (Masterminds/sprig `functions.go`) is registered,
//! but `env` and `expandenv`, which Helm removes; `getHostByName` comes from Helm's engine.

const SPRIG_V3_3: &str = "
    abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec 
    b64enc base bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat 
    contains date dateInZone dateModify date_in_zone date_modify decryptAES deepCopy deepEqual default 
    derivePassword dict dig dir div divf duration durationRound empty encryptAES ext fail first float64 
    floor fromJson genCA genCAWithKey genPrivateKey genSelfSignedCert genSelfSignedCertWithKey 
    genSignedCert genSignedCertWithKey get has hasKey hasPrefix hasSuffix hello htmlDate htmlDateInZone 
    htpasswd indent initial initials int int64 isAbs join kebabcase keys kindIs kindOf last list lower 
    max maxf merge mergeOverwrite min minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify 
    mustDeepCopy mustFirst mustFromJson mustHas mustInitial mustLast mustMerge mustMergeOverwrite 
    mustPrepend mustRegexFind mustRegexFindAll mustRegexMatch mustRegexReplaceAll 
    mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice mustToDate mustToJson 
    mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify nindent nospace now omit 
    osBase osClean osDir osExt osIsAbs pick pluck plural prepend quote randAlpha randAlphaNum randAscii 
    randBytes randInt randNumeric regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll 
    regexReplaceAllLiteral regexSplit repeat replace rest reverse round semver semverCompare seq set 
    sha1sum sha256sum sha512sum shuffle slice snakecase sortAlpha split splitList splitn squote sub 
    subf substr swapcase ternary title toDate toDecimal toJson toPrettyJson toRawJson toString 
    toStrings trim trimAll trimPrefix trimSuffix trimall trunc tuple typeIs typeIsLike typeOf uniq 
    unixEpoch unset until untilStep untitle upper urlJoin urlParse uuidv4 values without wrap wrapWith
";

#[test]
fn every_sprig_function_is_registered() {
    let sprig = krender::sprig::func_map();
    let missing: Vec<&str> = SPRIG_V3_3.split_whitespace().filter(|n| !sprig.contains(n)).collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
    assert_eq!(SPRIG_V3_3.split_whitespace().count(), 206);
}

#[test]
fn helm_removes_env_and_defines_get_host_by_name() {
    let helm = krender::helm::engine::helm_func_map();
    assert!(!helm.contains("env") && !helm.contains("expandenv"));
    assert!(helm.contains("getHostByName"));
    for n in SPRIG_V3_3.split_whitespace() {
        assert!(helm.contains(n), "{n}");
    }
}
