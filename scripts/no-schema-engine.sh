#!/bin/sh
# Stands in for Prisma's native schema engine, which only a download would bring (see scripts/prisma.mjs).
echo "The native Prisma schema engine is not used by this project: diffs come from npm run migration:new." >&2
exit 1
