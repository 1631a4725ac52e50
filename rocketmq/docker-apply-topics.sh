#!/bin/sh
# Creates every topic and orderly group of rocketmq/topics.json with mqadmin: the Docker path's
# twin of applyManifest() in sandbox/broker/admin.ts. The apache/rocketmq image has neither node
# nor jq, so the manifest is read with sed, relying on its format: one topic per line.
#
#   docker-apply-topics.sh [--list] [topics.json]
#   --list   only print what was parsed: "NAME TYPE QUEUES" per topic, "group NAME" per orderly group,
#            "settings NAME orderly=… retries=… backoff=…" per entry of "groups".
# NAMESRV_ADDR (default 127.0.0.1:9876) is the name server; mqadmin needs ROCKETMQ_HOME.
set -eu

list=false
if [ "${1:-}" = --list ]; then list=true; shift; fi
manifest=${1:-$(dirname "$0")/topics.json}
namesrv=${NAMESRV_ADDR:-127.0.0.1:9876}
cluster=DefaultCluster
[ -r "$manifest" ] || { echo "cannot read $manifest" >&2; exit 1; }

# { "name": "order-created", "type": "NORMAL" },  ->  order-created NORMAL 4
# { "name": "ledger", "type": "FIFO", "queues": 1 },  ->  ledger FIFO 1   (4 queues unless "queues" says)
topics() {
  sed -n 's/^[[:space:]]*{[[:space:]]*"name"[[:space:]]*:[[:space:]]*"\([^"]*\)"[[:space:]]*,[[:space:]]*"type"[[:space:]]*:[[:space:]]*"\([A-Z]*\)"\(.*\)/\1 \2 \3/p' "$manifest" |
    sed -e 's/^\([^ ]*\) \([^ ]*\) .*"queues"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1 \2 \3/' -e 't' -e 's/^\([^ ]*\) \([^ ]*\) .*/\1 \2 4/'
}
# The quoted names between "orderlyGroups": [ and the closing ], one per line.
groups() {
  sed -n '/"orderlyGroups"/,/]/s/^[[:space:]]*"\([^"]*\)"[[:space:]]*,\{0,1\}[[:space:]]*$/\1/p' "$manifest"
}

# One entry of "groups" per line, as sandbox/broker/manifest.ts describes them:
#   { "group": "g", "retries": 2, "orderly": true, "exponentialBackoff": { "initialMs": 1000, "maxMs": 60000, "multiplier": 2 } },
# ->  g orderly=true retries=2 backoff=1000/60000/2   (defaults: orderly=false retries=16 backoff=-)
# A group also listed in orderlyGroups is orderly, as in groupConfigs().
field() { printf '%s\n' "$1" | sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\([0-9.a-z]*\).*/\1/p"; }
group_settings() {
  orderly_groups=" $(groups | tr '\n' ' ') "
  sed -n 's/^[[:space:]]*{[[:space:]]*"group"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1 &/p' "$manifest" | while read -r name line; do
    orderly=$(field "$line" orderly); retries=$(field "$line" retries); initial=$(field "$line" initialMs)
    case $orderly_groups in *" $name "*) orderly=true ;; esac
    backoff=-
    [ -z "$initial" ] || backoff="$initial/$(field "$line" maxMs)/$(field "$line" multiplier)"
    echo "$name orderly=${orderly:-false} retries=${retries:-16} backoff=$backoff"
  done
}

if [ "$list" = true ]; then
  topics
  groups | sed 's/^/group /'
  group_settings | sed 's/^/settings /'
  exit 0
fi

mqadmin() { sh "$ROCKETMQ_HOME/bin/mqadmin" "$@" 2>&1; }

# With -c, mqadmin looks the cluster's masters up in the name server and, when there are none
# yet, creates nothing and still exits 0: wait until the broker has registered.
tries=0
until mqadmin clusterList -n "$namesrv" | grep -q "^$cluster "; do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || { echo "no broker of $cluster registered at $namesrv" >&2; exit 1; }
  echo "waiting for a broker of $cluster at $namesrv"
  sleep 2
done

# mqadmin's exit status does not say whether a command worked; its "... success." line does.
# Each call starts a JVM, so this takes a while.
applied() {
  case $1 in
    *success*) ;;
    *) echo "$1" >&2; exit 1 ;;
  esac
}

topics | while read -r name type queues; do
  # The manifest's queue count (4 unless it says), like the local path (mqadmin's default is 8).
  applied "$(mqadmin updateTopic -n "$namesrv" -c "$cluster" -t "$name" -r "$queues" -w "$queues" -a "+message.type=$type")"
  echo "topic $name ($type, $queues queues)"
done
groups | while read -r group; do
  # Orderly, and reading from the minimum offset with broadcast allowed, like the local path.
  applied "$(mqadmin updateSubGroup -n "$namesrv" -c "$cluster" -g "$group" -o true -m true -d true)"
  echo "orderly group $group"
done
# Groups with settings come last: updateSubGroup replaces a group's whole config, so each call
# gives every setting the group needs.
group_settings | while read -r name orderly retries backoff; do
  policy=""
  case $backoff in
    backoff=-) ;;
    *) set -- $(echo "${backoff#backoff=}" | tr '/' ' ')
       policy="{\"type\":\"EXPONENTIAL\",\"exponentialRetryPolicy\":{\"initial\":$1,\"max\":$2,\"multiplier\":$3}}" ;;
  esac
  applied "$(mqadmin updateSubGroup -n "$namesrv" -c "$cluster" -g "$name" -m true -d true \
    -o "${orderly#orderly=}" -r "${retries#retries=}" ${policy:+-p "$policy"})"
  echo "group $name ($orderly $retries $backoff)"
done
echo "all topics applied"
