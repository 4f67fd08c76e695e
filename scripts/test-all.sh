#!/usr/bin/env bash
# Run the suite on SQLite, then on PostgreSQL when DATABASE_URL points to one.
# Ends with one line that says which databases ran.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# One test process per core (pytest-xdist); idle workers take tests from busy ones.
PARALLEL=(-n "${TEST_WORKERS:-auto}" --dist worksteal)
ran=()
status=0

echo "== SQLite"
if DATABASE_URL= $PY -m pytest "${PARALLEL[@]}" "$@"; then ran+=("sqlite: passed"); else ran+=("sqlite: FAILED"); status=1; fi

case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*|pgsql://*)
    echo "== PostgreSQL"
    if $PY -m pytest "${PARALLEL[@]}" "$@"; then ran+=("postgresql: passed"); else ran+=("postgresql: FAILED"); status=1; fi
    ;;
esac

summary=$(printf '%s, ' "${ran[@]}"); summary=${summary%, }
echo "Databases tested: ${summary}"
exit $status
