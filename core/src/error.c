/* error.c — status + message reporting (liblinear check_parameter / XNNPACK status style). */
#include <stdarg.h>
#include <stdio.h>

#include "descent.h"

dsc_status dsc_error_set(dsc_error *err, dsc_status status, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
  }
  return status;
}
