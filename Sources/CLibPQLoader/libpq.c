// libpq, loaded the first time logmedic reaches a database: linked, it and the thirty libraries it needs
// (Kerberos, LDAP, GnuTLS, OpenSSL …) were loaded and initialised at every start, 5 ms of each run, and
// a machine without libpq could not run logmedic at all. The functions below are the ones logmedic
// calls, with libpq's own signatures (from libpq-fe.h): each forwards to libpq's, which `load` looks up.

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "../CLibPQ/shim.h"  // libpq-fe.h, wherever the system keeps it
#include "CLibPQLoader.h"

#define LIBPQ_FUNCTIONS(FUNCTION, PROCEDURE) \
    FUNCTION(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname), (keywords, values, expand_dbname)) \
    FUNCTION(ConnStatusType, PQstatus, (const PGconn *conn), (conn)) \
    PROCEDURE(void, PQfinish, (PGconn *conn), (conn)) \
    PROCEDURE(void, PQreset, (PGconn *conn), (conn)) \
    FUNCTION(char *, PQerrorMessage, (const PGconn *conn), (conn)) \
    FUNCTION(char *, PQhost, (const PGconn *conn), (conn)) \
    FUNCTION(char *, PQhostaddr, (const PGconn *conn), (conn)) \
    FUNCTION(char *, PQport, (const PGconn *conn), (conn)) \
    FUNCTION(char *, PQdb, (const PGconn *conn), (conn)) \
    FUNCTION(char *, PQuser, (const PGconn *conn), (conn)) \
    FUNCTION(int, PQserverVersion, (const PGconn *conn), (conn)) \
    FUNCTION(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn)) \
    FUNCTION(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg)) \
    FUNCTION(PQconninfoOption *, PQconninfo, (PGconn *conn), (conn)) \
    FUNCTION(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg)) \
    PROCEDURE(void, PQconninfoFree, (PQconninfoOption *connOptions), (connOptions)) \
    PROCEDURE(void, PQfreemem, (void *ptr), (ptr)) \
    FUNCTION(char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len)) \
    FUNCTION(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query)) \
    FUNCTION(PGresult *, PQexecParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat), (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    FUNCTION(ExecStatusType, PQresultStatus, (const PGresult *res), (res)) \
    FUNCTION(char *, PQresStatus, (ExecStatusType status), (status)) \
    FUNCTION(char *, PQresultErrorMessage, (const PGresult *res), (res)) \
    FUNCTION(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode)) \
    FUNCTION(int, PQntuples, (const PGresult *res), (res)) \
    FUNCTION(int, PQnfields, (const PGresult *res), (res)) \
    FUNCTION(char *, PQfname, (const PGresult *res, int field_num), (res, field_num)) \
    FUNCTION(int, PQfnumber, (const PGresult *res, const char *field_name), (res, field_name)) \
    FUNCTION(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    FUNCTION(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    FUNCTION(char *, PQcmdStatus, (PGresult *res), (res)) \
    FUNCTION(char *, PQcmdTuples, (PGresult *res), (res)) \
    PROCEDURE(void, PQclear, (PGresult *res), (res))

#define POINTER(ret, name, params, args) ret (*name) params;
static struct {
    LIBPQ_FUNCTIONS(POINTER, POINTER)
} libpq;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
    static const char *const paths[] = {
        "libpq.so.5", "libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib", "/usr/local/opt/libpq/lib/libpq.5.dylib",
    };
    void *handle = NULL;
    for (size_t i = 0; i < sizeof paths / sizeof *paths && !handle; i++) {
        handle = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        // The usual name's reason, not the last fallback's (copied: the next dlopen reuses dlerror's text).
        const char *why = dlerror();
        if (!handle && i == 0) snprintf(failure, sizeof failure, "%s", why ? why : "not found");
    }
    if (!handle) return;
    failure[0] = 0;
#define LOOK_UP(ret, name, params, args) \
    if (!(libpq.name = (ret (*) params)dlsym(handle, #name))) { \
        snprintf(failure, sizeof failure, "it has no %s", #name); \
        return; \
    }
    LIBPQ_FUNCTIONS(LOOK_UP, LOOK_UP)
}

const char *logmedic_libpq_load(void) {
    pthread_once(&loaded, load);
    return failure[0] ? failure : NULL;
}

/// Every caller goes through PostgresConnection, which loads libpq first and reports a failure as an error;
/// this only guards a call that would come first.
static void require(void) {
    const char *why = logmedic_libpq_load();
    if (why) {
        fprintf(stderr, "logmedic: reaching PostgreSQL needs libpq (libpq.so.5), which could not be loaded: %s; install it (apt install libpq5)\n", why);
        exit(3);
    }
}

#define FORWARD(ret, name, params, args) ret name params { require(); return libpq.name args; }
#define FORWARD_PROCEDURE(ret, name, params, args) ret name params { require(); libpq.name args; }
LIBPQ_FUNCTIONS(FORWARD, FORWARD_PROCEDURE)
