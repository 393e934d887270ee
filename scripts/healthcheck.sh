#!/bin/bash
# The container's health check: 200 from /health. Plain bash (its /dev/tcp), since the slim image has
# no curl, and a bash probe costs a small fraction of a node one (bench/README.md): cheap enough to probe
# four times a second, so "healthy" comes within half a second of the start.
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}" || exit 1
printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
head -c 12 <&3 | grep -q ' 200'
