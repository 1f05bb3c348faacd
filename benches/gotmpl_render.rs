//! Renders a `_helpers.tpl`-heavy chart template (the `helm create` helpers: names, labels,
//! selector labels, nested `include`s piped through `nindent`, `toYaml` of values) 10 000 times
//! on a parsed template set, and once including parsing.

use criterion::{criterion_group, criterion_main, Criterion};
use krender::gotmpl::{MissingKey, Template, Value};
use krender::helm::engine::helm_func_map;
use std::hint::black_box;

const HELPERS: &str = r#"
{{- define "app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}
{{- define "app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "app.labels" -}}
helm.sh/chart: {{ include "app.chart" . }}
{{ include "app.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
"#;

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "app.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "app.labels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            {{- range .Values.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"#;

fn data() -> Value {
    let values = krender::helm::values::load_values(
        b"replicaCount: 2\nimage: {repository: nginx, tag: ''}\nports: [{name: http, port: 80}, {name: metrics, port: 9090}]\nresources: {limits: {cpu: 100m, memory: 128Mi}}\nnameOverride: ''\nfullnameOverride: ''\n",
    )
    .unwrap();
    krender::gotmpl::map_of([
        ("Values", values),
        ("Chart", krender::gotmpl::map_of([("Name", Value::from("app")), ("Version", Value::from("0.1.0")), ("AppVersion", Value::from("1.16.0"))])),
        ("Release", krender::gotmpl::map_of([("Name", Value::from("rel")), ("Service", Value::from("Helm"))])),
    ])
}

fn bench(c: &mut Criterion) {
    let set = Template::with_missing_key("gotpl", helm_func_map(), MissingKey::Zero);
    set.parse("app/templates/_helpers.tpl", HELPERS).unwrap();
    set.parse("app/templates/deployment.yaml", DEPLOYMENT).unwrap();
    let data = data();
    c.bench_function("render deployment x10000", |b| {
        b.iter(|| {
            for _ in 0..10_000 {
                black_box(set.execute("app/templates/deployment.yaml", &data).unwrap());
            }
        })
    });
    c.bench_function("parse + render deployment", |b| {
        b.iter(|| {
            let set = Template::with_missing_key("gotpl", helm_func_map(), MissingKey::Zero);
            set.parse("app/templates/_helpers.tpl", HELPERS).unwrap();
            set.parse("app/templates/deployment.yaml", DEPLOYMENT).unwrap();
            black_box(set.execute("app/templates/deployment.yaml", &data).unwrap())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
