#!/bin/bash
# Runs a command as the container's main process so that `docker compose stop` / `down` stops it
# gracefully: docker-compose.yml starts the name server and the broker through this script.
#
#   bash docker-run-group.sh COMMAND [ARG...]
#
# Why: the image's entrypoint (apache/rocketmq-docker, image-build/scripts/docker-entrypoint.sh)
# execs the compose command, so that process is PID 1. mqbroker and mqnamesrv
# (distribution/bin/ in apache/rocketmq) run `sh runbroker.sh` / `sh runserver.sh` without exec,
# and those start java without exec. The kernel does not deliver a signal to a PID 1 that has no
# handler for it, and dash (/bin/sh in the image) installs none for SIGTERM, so Docker's SIGTERM
# reaches no one and Docker SIGKILLs java when the grace period ends: no shutdown hook runs, the
# broker leaves its abort file and the next start recovers the store as after a crash.
#
# This script, PID 1 in their place, starts COMMAND in a process group of its own, forwards
# SIGTERM and SIGINT to that whole group (java included), and exits only when no process of the
# group is left, with COMMAND's exit status. It needs bash (for `set -m`); the image has bash 5.
set -u
[ $# -gt 0 ] || { echo "usage: bash docker-run-group.sh COMMAND [ARG...]" >&2; exit 2; }

group=
received=
forward() {
  received=$1
  if [ -n "$group" ]; then kill -s "$1" -- "-$group" 2>/dev/null; fi
}
# True while a process of the group still runs. One that has ended but is not reaped yet (state Z)
# does not count, though `kill -0` would still find it: PID 1 reaps the orphans that land on it, but
# outside a container they land on whatever the machine's init is.
group_running() {
  local file line fields
  for file in /proc/[0-9]*/stat; do
    { read -r line < "$file"; } 2>/dev/null || continue # that process just ended
    # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split what follows
    # the last ")": state, ppid, pgrp.
    fields=(${line##*) })
    if [ "${fields[2]}" = "$group" ] && [ "${fields[0]}" != Z ]; then return 0; fi
  done
  return 1
}

trap 'forward TERM' TERM
trap 'forward INT' INT

# With job control on (set -m), a background job gets a process group of its own, whose id is its
# pid; off again at once, so bash prints no job notices ("[1]+ Terminated") into the log.
set -m
"$@" &
group=$!
set +m
# A signal that came before the group existed.
if [ -n "$received" ]; then forward "$received"; fi

# A trapped signal ends `wait` early (status > 128): wait again until COMMAND itself has ended.
while :; do
  wait "$group"
  status=$?
  kill -0 "$group" 2>/dev/null || break
done

# COMMAND's own shells end at once on SIGTERM while java runs its shutdown hooks for seconds
# more: wait for the whole group.
while group_running; do sleep 0.2; done
exit "$status"
