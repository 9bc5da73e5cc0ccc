// pcre2.h refuses to compile without a code unit width; logmedic works on bytes.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
