#!/usr/bin/env bash
# Starts the API with its log in logs/app.log, drives traffic, stops the API, copies the server log dir.
set -u
cd /work/probe-node
export NODE_PATH=/work/probe-node/nodemods/usr/share/nodejs
export DATABASE_URL='postgresql://loans:S3cretLoanPw!@127.0.0.1:5497/library'
L=${LOGDIR:-logs}; mkdir -p $L
node app/server.js > $L/app.log 2>&1 & APP=$!
sleep 1
scripts/traffic.sh 2> $L/traffic.txt
sleep 1; kill $APP; wait $APP 2>/dev/null
rm -rf $L/pglog && cp -r pg/data/log $L/pglog && chmod -R a+r $L
