//! Generators of synthetic inputs shared by the benches (not part of the library).

/// A multi-document YAML stream of `n` Deployments and Services (~2.4 KB per pair), with the
/// scalar variety real manifests have: quoted strings, numbers, booleans, literal blocks, lists.
pub fn manifests(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{ns}
  labels:
    app.kubernetes.io/name: app-{i}
    app.kubernetes.io/part-of: "platform"
    tier: "on"
  annotations:
    description: a fairly long description of application {i} that goes past the eighty column limit so that it folds
spec:
  replicas: {r}
  selector:
    matchLabels:
      app.kubernetes.io/name: app-{i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-{i}
    spec:
      containers:
      - name: main
        image: registry.example.com/team/app-{i}:1.{i}.0
        args: ["--port=8080", "--verbose", "--name", "app-{i}"]
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: ENABLED
          value: "true"
        - name: RATIO
          value: "0.5"
        - name: SCRIPT
          value: |
            #!/bin/sh
            echo starting app-{i}
            exec /app --port 8080
        resources:
          limits: {{cpu: 500m, memory: 512Mi}}
          requests: {{cpu: 100m, memory: 128Mi}}
        readinessProbe:
          httpGet: {{path: /healthz, port: 8080}}
          initialDelaySeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: app-{i}
  namespace: team-{ns}
spec:
  ports:
  - port: 80
    targetPort: 8080
    protocol: TCP
  selector:
    app.kubernetes.io/name: app-{i}
---
"#,
            ns = i % 7,
            r = 1 + i % 3
        ));
    }
    s
}
