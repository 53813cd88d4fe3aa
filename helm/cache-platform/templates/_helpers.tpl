{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "cache-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the components append -cache-redis (12) or -session-redis (14). */}}
{{- define "cache-platform.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cache-platform.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "cache-platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: pass (dict "root" $ "component" "app"). */}}
{{- define "cache-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cache-platform.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "cache-platform.cacheRedisName" -}}
{{- printf "%s-cache-redis" (include "cache-platform.fullname" .) }}
{{- end }}

{{- define "cache-platform.sessionRedisName" -}}
{{- printf "%s-session-redis" (include "cache-platform.fullname" .) }}
{{- end }}

{{- define "cache-platform.secretName" -}}
{{- default (include "cache-platform.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{/* Whether the chart runs the two Redis servers itself. */}}
{{- define "cache-platform.bundled" -}}
{{- if eq .Values.redis.mode "bundled" }}true{{ end }}
{{- end }}

{{/* Whether the app sends a password to Redis: always for the bundled servers. */}}
{{- define "cache-platform.authEnabled" -}}
{{- if or (include "cache-platform.bundled" .) .Values.auth.enabled }}true{{ end }}
{{- end }}

{{/*
A secretKeyRef to one key of the chart's (or the user's) Secret:
(dict "root" $ "key" "redis-password" "optional" false).
*/}}
{{- define "cache-platform.secretRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ include "cache-platform.secretName" .root }}
    key: {{ .key }}
    {{- if .optional }}
    optional: true
    {{- end }}
{{- end }}

{{/*
The command of a Redis container: the chart's redis.conf, the data directory, the memory limit
from the values, and the password from the REDIS_PASSWORD variable (a secretKeyRef) piped in on
standard input, so it appears neither in the pod spec nor in the process's command line.
Quotes and backslashes in the password are escaped for redis.conf's double-quoted syntax; the
blank first line keeps the directive apart from the file's last line (Redis appends standard input
to the file as it is).
`exec` makes redis-server PID 1, so it receives SIGTERM and saves before the pod stops.
Pass (dict "maxmemory" "192mb").
*/}}
{{- define "cache-platform.redisCommand" -}}
- sh
- -c
- |
  escaped=$(printf '%s' "$REDIS_PASSWORD" | sed 's/[\\"]/\\&/g')
  exec redis-server /etc/redis/redis.conf --dir /data --maxmemory {{ .maxmemory }} - <<EOF

  requirepass "$escaped"
  EOF
{{- end }}

{{/*
Probes of a Redis container, authenticated through REDISCLI_AUTH (never on the command line).
Liveness also accepts LOADING, so a server replaying a large AOF is not restarted mid-way;
readiness waits for PONG. Pass (dict "port" 6379).
*/}}
{{- define "cache-platform.redisProbes" -}}
startupProbe:
  exec:
    command: ["sh", "-c", "redis-cli -p {{ .port }} ping | grep -qE '^(PONG|LOADING)'"]
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  exec:
    command: ["sh", "-c", "redis-cli -p {{ .port }} ping | grep -qE '^(PONG|LOADING)'"]
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  exec:
    command: ["sh", "-c", "redis-cli -p {{ .port }} ping | grep -qx PONG"]
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/* The ServiceAccount every pod of the chart runs under. */}}
{{- define "cache-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cache-platform.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
A redis_exporter sidecar for the Redis container next to it, reading INFO on localhost with the
server's password from the Secret (REDIS_PASSWORD, never on the command line); it serves /metrics on
port 9121. Pass (dict "root" $ "port" 6379 "passwordKey" "cache-redis-password").
*/}}
{{- define "cache-platform.redisExporter" -}}
- name: redis-exporter
  image: "{{ .root.Values.metrics.redisExporter.image.repository }}:{{ .root.Values.metrics.redisExporter.image.tag }}"
  imagePullPolicy: {{ .root.Values.metrics.redisExporter.image.pullPolicy }}
  env:
    - name: REDIS_ADDR
      value: "redis://localhost:{{ .port }}"
    - name: REDIS_PASSWORD
      {{- include "cache-platform.secretRef" (dict "root" .root "key" .passwordKey) | nindent 6 }}
  ports:
    - name: metrics
      containerPort: 9121
  readinessProbe:
    httpGet:
      path: /health
      port: metrics
  resources:
    {{- toYaml .root.Values.metrics.redisExporter.resources | nindent 4 }}
  securityContext:
    {{- toYaml .root.Values.redis.securityContext | nindent 4 }}
{{- end }}
