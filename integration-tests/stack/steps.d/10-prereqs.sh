# shellcheck shell=bash
# Installs the Debian packages the stack needs, only those that are missing. Java 17 and Maven
# are part of this kind of machine; they are installed too if absent.

stack_step prereqs "Prerequisites (Debian packages, Java, Maven)"

# command -> Debian package providing it
_prereq_packages() {
  cat <<EOF
java openjdk-17-jdk-headless
keytool openjdk-17-jdk-headless
mvn maven
curl curl
jq jq
unzip unzip
openssl openssl
flock util-linux
runuser util-linux
setsid util-linux
ss iproute2
sha256sum coreutils
mosquitto mosquitto
mosquitto_pub mosquitto-clients
mosquitto_sub mosquitto-clients
$NEXEFII_PG_BIN/initdb postgresql
$NEXEFII_PG_BIN/pg_ctl postgresql
$NEXEFII_PG_BIN/pg_isready postgresql
psql postgresql-client
EOF
}

_prereq_have() {
  if [[ "$1" == /* ]]; then [[ -x "$1" ]]; else command -v "$1" >/dev/null 2>&1; fi
}

prereqs_start() {
  local cmd pkg missing=()
  while read -r cmd pkg; do
    _prereq_have "$cmd" || missing+=("$pkg")
  done < <(_prereq_packages)
  # mosquitto lives in /usr/sbin, which a non-root PATH may lack.
  if [[ " ${missing[*]} " == *" mosquitto "* && -x /usr/sbin/mosquitto ]]; then
    missing=("${missing[@]/mosquitto/}")
  fi
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk 'NF' | sort -u)

  if ((${#missing[@]})); then
    [[ "$NEXEFII_SKIP_INSTALL" != true ]] ||
      die "missing packages and NEXEFII_SKIP_INSTALL=true: ${missing[*]}"
    [[ $EUID -eq 0 ]] ||
      die "missing packages: ${missing[*]} — install them as root: apt-get install -y ${missing[*]}"
    log_info "installing: ${missing[*]}"
    _prereq_apt_install "${missing[@]}"
  else
    log_info "all packages present"
  fi

  local java_major
  java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${java_major%%.*}" -ge 17 ]] || die "Java 17 or newer needed, found ${java_major:-none}"
}

_prereq_apt_install() {
  # The packages' maintainer scripts would start system-wide PostgreSQL/Mosquitto services;
  # the stack runs its own instances, so a temporary policy-rc.d forbids service starts during
  # the install (only if the machine has none of its own).
  local policy=/usr/sbin/policy-rc.d own_policy=false
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=true
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
  } >>"$NEXEFII_LOG_DIR/apt.log" 2>&1 || rc=$?
  [[ "$own_policy" == true ]] && rm -f "$policy"
  ((rc == 0)) || {
    show_log_tail "$NEXEFII_LOG_DIR/apt.log" 20
    die "apt-get install failed"
  }
}
