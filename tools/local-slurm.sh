#!/usr/bin/env bash
# tools/local-slurm.sh -- a real one-node Slurm (with slurmdbd accounting) on
# localhost, built from Debian 12 packages, for testing the `slurm` and
# `slurm-gpu` Snakemake profiles against the real scheduler.
#
#   tools/local-slurm.sh install   apt: slurm-wlm munge slurmdbd mariadb-server
#   tools/local-slurm.sh up        write configs, start all daemons, wait for idle
#   tools/local-slurm.sh down      stop all daemons (by pid file), bounded wait
#   tools/local-slurm.sh status    show daemons, sinfo, squeue
#
# Needs root. Does not need systemd (daemons are started by hand).
# The node gets one fake GPU: GresTypes=gpu, Gres=gpu:1, backed by a dummy
# character device (/dev/fakegpu0, same major/minor as /dev/null). Jobs that
# ask for a GPU get CUDA_VISIBLE_DEVICES=0 and SLURM_JOB_GPUS=0 from Slurm, but
# there is no real GPU behind it -- it only tests scheduling and accounting.
#
# Tunables (environment):
#   LOCAL_SLURM_CLUSTER    cluster name          (default: localcluster)
#   LOCAL_SLURM_PARTITION  partition name        (default: debug)
#   LOCAL_SLURM_ACCOUNT    account to create     (default: local)
#   LOCAL_SLURM_USERS      extra users to add    (default: $SUDO_USER, if any; root always)
#   LOCAL_SLURM_TIMEOUT    seconds per wait step (default: 60)
set -euo pipefail

CLUSTER=${LOCAL_SLURM_CLUSTER:-localcluster}
PARTITION=${LOCAL_SLURM_PARTITION:-debug}
ACCOUNT=${LOCAL_SLURM_ACCOUNT:-local}
EXTRA_USERS=${LOCAL_SLURM_USERS:-${SUDO_USER:-}}
STEP_TIMEOUT=${LOCAL_SLURM_TIMEOUT:-60}

ETC=/etc/slurm
LOGDIR=/var/log/slurm
RUNDIR=/run/slurm
FAKE_GPU=/dev/fakegpu0
DB_NAME=slurm_acct_db
DB_USER=slurm
PKGS=(slurm-wlm munge slurmdbd mariadb-server)

# name | pid file | process name (as in /proc/PID/comm)
MUNGE_PID=/run/munge/munged.pid
MYSQL_PID=/run/mysqld/mysqld.pid
MYSQL_SOCK=/run/mysqld/mysqld.sock
DBD_PID=$RUNDIR/slurmdbd.pid
CTLD_PID=$RUNDIR/slurmctld.pid
SLURMD_PID=$RUNDIR/slurmd.pid

log() { printf '[local-slurm] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# pid_of PIDFILE COMM -> prints pid if the process in PIDFILE is alive and is COMM
pid_of() {
    local pidfile=$1 comm=$2 pid
    [ -r "$pidfile" ] || return 1
    pid=$(tr -dc '0-9' <"$pidfile")
    [ -n "$pid" ] || return 1
    alive "$pid" "$comm" || return 1
    echo "$pid"
}

# alive PID COMM: the process exists, is COMM, and is not a zombie (a daemon's
# exited process may sit as a zombie until PID 1 reaps it)
alive() {
    local st
    [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
    st=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

running() { pid_of "$1" "$2" >/dev/null; }

log_tails() {
    local f
    for f in "$LOGDIR"/munged.log /var/log/munge/munged.log "$LOGDIR"/mariadb.log \
             "$LOGDIR"/slurmdbd.log "$LOGDIR"/slurmctld.log "$LOGDIR"/slurmd.log; do
        [ -s "$f" ] || continue
        printf '\n----- last 25 lines of %s -----\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

# wait_until DESCRIPTION TIMEOUT CMD... : poll CMD every 0.5 s, fail with log tails
wait_until() {
    local what=$1 timeout=$2; shift 2
    local t0; t0=$(now)
    while ! "$@" >/dev/null 2>&1; do
        if awk -v a="$t0" -v b="$(now)" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
            log "timed out after ${timeout}s waiting for: $what"
            log_tails
            die "cluster did not come up (see log tails above)"
        fi
        sleep 0.5
    done
}

# ---------------------------------------------------------------- install
cmd_install() {
    need_root
    local missing=() p
    for p in "${PKGS[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' \
            || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "already installed: ${PKGS[*]}"
    else
        log "installing: ${missing[*]}"
        # Keep package scripts from starting daemons on their own (we start
        # them by hand in `up`); only if no policy is in place already.
        local made_policy=0
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d
            made_policy=1
        fi
        local rc=0
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=1200 update -qq || rc=$?
        [ $rc -eq 0 ] && { apt-get -o DPkg::Lock::Timeout=1200 install -y -qq \
            --no-install-recommends "${PKGS[@]}" || rc=$?; }
        [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
        [ $rc -eq 0 ] || die "apt-get failed (rc=$rc)"
    fi
    if [ ! -s /etc/munge/munge.key ]; then
        log "creating /etc/munge/munge.key"
        mungekey --create --keyfile=/etc/munge/munge.key
        chown munge:munge /etc/munge/munge.key
        chmod 400 /etc/munge/munge.key
    fi
    log "versions: $(slurmctld -V), $(munged -V 2>&1 | awk "{print \$1}"), $(mariadbd --version | awk '{print $3}')"
}

# ---------------------------------------------------------------- up
prepare_dirs() {
    install -d -o slurm -g slurm -m 755 "$RUNDIR" "$LOGDIR" /var/spool/slurmctld
    install -d -o root -g root -m 755 /var/spool/slurmd
    install -d -o munge -g munge -m 755 /run/munge
    install -d -o mysql -g mysql -m 755 /run/mysqld
    [ -d /var/log/munge ] && chown munge:munge /var/log/munge
    # the dummy GPU device: a char device with /dev/null's numbers
    if [ ! -e "$FAKE_GPU" ]; then
        mknod -m 666 "$FAKE_GPU" c 1 3 2>/dev/null || {
            log "mknod failed; using a plain file as the dummy GPU"
            : >"$FAKE_GPU"; chmod 666 "$FAKE_GPU"; }
    fi
}

# write_if_changed FILE MODE OWNER: content from stdin; returns 0 if changed
write_if_changed() {
    local file=$1 mode=$2 owner=$3 tmp
    tmp=$(mktemp "$file.XXXXXX")
    cat >"$tmp"
    chmod "$mode" "$tmp"; chown "$owner" "$tmp"
    if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
        rm -f "$tmp"; return 1
    fi
    mv -f "$tmp" "$file"
    return 0
}

CONF_CHANGED=0
write_configs() {
    local node real reduced nodeline
    node=$(hostname -s)
    # first line of `slurmd -C`: NodeName=... CPUs=... RealMemory=...
    nodeline=$(slurmd -C | head -n 1)
    real=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$nodeline")
    [ -n "$real" ] || die "could not parse RealMemory from: $nodeline"
    reduced=$(( real * 90 / 100 ))
    nodeline=$(sed -e "s/RealMemory=[0-9]*/RealMemory=$reduced/" \
                   -e "s/^NodeName=[^ ]*/NodeName=$node NodeAddr=127.0.0.1/" <<<"$nodeline")
    install -d -m 755 "$ETC"

    write_if_changed "$ETC/slurm.conf" 644 root:root <<EOF && CONF_CHANGED=1 || true
# Written by tools/local-slurm.sh -- one-node test cluster. Do not edit by hand.
ClusterName=$CLUSTER
# addresses pinned to loopback: works even where the host name does not resolve
SlurmctldHost=$node(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
MpiDefault=none
MailProg=/bin/true
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOGDIR/slurmctld.log
SlurmdLogFile=$LOGDIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups in a container
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# without this a job that gives no --mem would take the whole node
DefMemPerCPU=1000
ReturnToService=2
MinJobAge=300
# accounting through slurmdbd (sacct is what the Snakemake plugin polls)
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStorageEnforce=associations
AccountingStorageTRES=gres/gpu
# keep sbatch --comment (the Snakemake plugin puts the rule name there):
#   sacct -o JobID,Comment%30,AllocTRES%60
AccountingStoreFlags=job_comment
JobAcctGatherType=jobacct_gather/linux
# sample each step's memory every second: short jobs get a MaxRSS too, which the
# tests compare with the job's request (the script plus its Snakemake wrappers)
JobAcctGatherFrequency=task=1
# one fake GPU (see gres.conf)
GresTypes=gpu
$nodeline Gres=gpu:1 State=UNKNOWN
PartitionName=$PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

    write_if_changed "$ETC/gres.conf" 644 root:root <<EOF && CONF_CHANGED=1 || true
# Written by tools/local-slurm.sh: a dummy device standing in for one GPU.
AutoDetect=off
NodeName=$node Name=gpu File=$FAKE_GPU
EOF

    # reuse the database password if there is one already
    local pass=""
    [ -f "$ETC/slurmdbd.conf" ] && pass=$(sed -n 's/^StoragePass=//p' "$ETC/slurmdbd.conf")
    [ -n "$pass" ] || pass=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    DB_PASS=$pass
    write_if_changed "$ETC/slurmdbd.conf" 600 slurm:slurm <<EOF && CONF_CHANGED=1 || true
# Written by tools/local-slurm.sh. Owner slurm, mode 600 (holds a password).
AuthType=auth/munge
DbdHost=localhost
SlurmUser=slurm
LogFile=$LOGDIR/slurmdbd.log
PidFile=$DBD_PID
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageLoc=$DB_NAME
StorageUser=$DB_USER
StoragePass=$pass
EOF
}

start_munge() {
    if running "$MUNGE_PID" munged; then log "munged already running"; return; fi
    runuser -u munge -- /usr/sbin/munged
    wait_until "munge credential round trip" "$STEP_TIMEOUT" \
        bash -c 'munge -n | unmunge'
}

start_mariadb() {
    if running "$MYSQL_PID" mariadbd; then log "mariadbd already running"; else
        if [ ! -d /var/lib/mysql/mysql ]; then
            log "initialising MariaDB data directory"
            mariadb-install-db --user=mysql --datadir=/var/lib/mysql \
                >>"$LOGDIR/mariadb.log" 2>&1 || { log_tails; die "mariadb-install-db failed"; }
        fi
        setsid mariadbd --user=mysql --pid-file="$MYSQL_PID" --socket="$MYSQL_SOCK" \
            --bind-address=127.0.0.1 --log-error="$LOGDIR/mariadb.log" \
            --innodb-lock-wait-timeout=900 </dev/null >>"$LOGDIR/mariadb.log" 2>&1 &
    fi
    wait_until "mariadbd to answer" "$STEP_TIMEOUT" \
        mariadb-admin --socket="$MYSQL_SOCK" ping
    mariadb --socket="$MYSQL_SOCK" -u root <<EOF
CREATE DATABASE IF NOT EXISTS $DB_NAME;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
EOF
}

start_slurmdbd() {
    if running "$DBD_PID" slurmdbd; then log "slurmdbd already running"; else
        slurmdbd || { log_tails; die "slurmdbd failed to start"; }
    fi
    wait_until "slurmdbd to answer sacctmgr" "$STEP_TIMEOUT" \
        timeout 10 sacctmgr -n show cluster
}

sacctmgr_setup() {
    local u users=(root) extra=()
    read -r -a extra <<<"$EXTRA_USERS"
    for u in "${extra[@]}"; do [ "$u" = root ] || users+=("$u"); done
    if ! timeout 10 sacctmgr -n -P show cluster format=cluster | grep -qx "$CLUSTER"; then
        timeout 20 sacctmgr -i add cluster "$CLUSTER" >/dev/null
    fi
    if ! timeout 10 sacctmgr -n -P show account "$ACCOUNT" format=account | grep -qx "$ACCOUNT"; then
        timeout 20 sacctmgr -i add account "$ACCOUNT" Cluster="$CLUSTER" \
            Description="local test account" Organization=local >/dev/null
    fi
    for u in "${users[@]}"; do
        if ! timeout 10 sacctmgr -n -P show assoc where cluster="$CLUSTER" \
                account="$ACCOUNT" user="$u" format=user | grep -qx "$u"; then
            timeout 20 sacctmgr -i add user "$u" Account="$ACCOUNT" \
                DefaultAccount="$ACCOUNT" Cluster="$CLUSTER" >/dev/null
        fi
    done
}

node_state() { timeout 10 sinfo -h -o %T 2>/dev/null | head -n 1; }

start_slurm() {
    if running "$CTLD_PID" slurmctld; then log "slurmctld already running"; else
        slurmctld || { log_tails; die "slurmctld failed to start"; }
    fi
    wait_until "slurmctld to answer" "$STEP_TIMEOUT" timeout 10 scontrol ping
    if running "$SLURMD_PID" slurmd; then log "slurmd already running"; else
        slurmd || { log_tails; die "slurmd failed to start"; }
    fi
    # wait for the node to be idle; resume it once if it was left down/drained
    local t0 resumed=0 st
    t0=$(now)
    while :; do
        st=$(node_state || true)
        [ "$st" = idle ] && break
        if [ $resumed = 0 ] && [[ "$st" == down* || "$st" == drain* ]] \
           && awk -v a="$t0" -v b="$(now)" 'BEGIN { exit !(b - a > 5) }'; then
            log "node is '$st'; trying scontrol update State=RESUME"
            timeout 10 scontrol update NodeName="$(hostname -s)" State=RESUME || true
            resumed=1
        fi
        if awk -v a="$t0" -v b="$(now)" -v t="$STEP_TIMEOUT" 'BEGIN { exit !(b - a > t) }'; then
            log "timed out after ${STEP_TIMEOUT}s waiting for the node to be idle (state: '${st:-none}')"
            timeout 10 scontrol show node >&2 || true
            log_tails
            die "cluster did not come up (see log tails above)"
        fi
        sleep 0.5
    done
}

cmd_up() {
    need_root
    command -v slurmctld >/dev/null || die "Slurm is not installed: run '$0 install' first"
    local t0; t0=$(now)
    prepare_dirs
    write_configs
    if [ "$CONF_CHANGED" = 1 ] && running "$CTLD_PID" slurmctld; then
        log "WARNING: configuration changed while Slurm is running; run '$0 down' then '$0 up'"
    fi
    start_munge
    start_mariadb
    start_slurmdbd
    sacctmgr_setup
    start_slurm
    log "cluster '$CLUSTER' up: partition '$PARTITION' (default), account '$ACCOUNT', node $(hostname -s) idle"
    echo "local-slurm up in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------- down
stop_one() {
    local name=$1 pidfile=$2 comm=$3 pid t0
    if ! pid=$(pid_of "$pidfile" "$comm"); then
        rm -f "$pidfile"
        log "$name: not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    t0=$(now)
    while alive "$pid" "$comm"; do
        if awk -v a="$t0" -v b="$(now)" -v t="$STEP_TIMEOUT" 'BEGIN { exit !(b - a > t) }'; then
            log "$name (pid $pid) ignored SIGTERM for ${STEP_TIMEOUT}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        sleep 0.2
    done
    rm -f "$pidfile"
    log "$name (pid $pid): stopped"
}

cmd_down() {
    need_root
    local t0; t0=$(now)
    stop_one slurmd    "$SLURMD_PID" slurmd
    stop_one slurmctld "$CTLD_PID"   slurmctld
    stop_one slurmdbd  "$DBD_PID"    slurmdbd
    stop_one mariadbd  "$MYSQL_PID"  mariadbd
    stop_one munged    "$MUNGE_PID"  munged
    echo "local-slurm down in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------- status
cmd_status() {
    local n pf c pid up=1
    for n in "munged:$MUNGE_PID:munged" "mariadbd:$MYSQL_PID:mariadbd" \
             "slurmdbd:$DBD_PID:slurmdbd" "slurmctld:$CTLD_PID:slurmctld" \
             "slurmd:$SLURMD_PID:slurmd"; do
        IFS=: read -r c pf c2 <<<"$n"
        if pid=$(pid_of "$pf" "$c2"); then
            printf '%-10s running (pid %s)\n' "$c" "$pid"
        else
            printf '%-10s stopped\n' "$c"; up=0
        fi
    done
    if running "$CTLD_PID" slurmctld; then
        timeout 10 sinfo -o '%P %a %D %T %N %G' || true
        timeout 10 squeue || true
    fi
    [ $up = 1 ]
}

case "${1:-}" in
    install) cmd_install ;;
    up)      cmd_up ;;
    down)    cmd_down ;;
    status)  cmd_status ;;
    *) echo "usage: $0 {install|up|down|status}" >&2; exit 2 ;;
esac
