"""`python -m service.serve`: the web service under waitress, a production WSGI server.

Waitress is pure Python (nothing to compile, runs wherever Python does, Windows too) and
serves from one multi-threaded process, so the whole site shares one read-only store
handle and one SPARQL query pool, and a thread waiting on a slow query never blocks the
others. Settings come from the environment (service.config): PARKSTAR_STORE,
PARKSTAR_QUERY_TIMEOUT, PARKSTAR_ROW_LIMIT, PARKSTAR_QUERY_WORKERS, SECRET_KEY,
PARKSTAR_HOST, PORT, PARKSTAR_THREADS, or a TOML file named by PARKSTAR_CONFIG."""

import logging
import signal
import sys

from parkstar.errors import ParkstarError


def main(overrides: dict | None = None) -> int:
    """Run until stopped; `overrides` win over the environment (parkstar serve's options)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _stop)  # run the exit handlers (they stop the query workers)
    try:
        import waitress

        from service.app import create_app

        app = create_app(overrides)
        state = app.extensions["parkstar"]
        state.warm()
    except ParkstarError as error:
        print(str(error), file=sys.stderr)
        return 2
    settings = app.config
    logging.getLogger("parkstar.serve").info(
        "parkstar service: store %s, query timeout %gs, row limit %s, %s query workers",
        settings["STORE"],
        settings["QUERY_TIMEOUT"],
        settings["ROW_LIMIT"],
        settings["QUERY_WORKERS"],
    )
    host = settings["HOST"]
    shown = f"[{host}]" if ":" in host else ("127.0.0.1" if host in ("0.0.0.0", "") else host)
    print(f"parkstar: 在浏览器中打开 / open in a browser: http://{shown}:{settings['PORT']}/", flush=True)
    try:
        waitress.serve(
            app,
            host=settings["HOST"],
            port=settings["PORT"],
            threads=settings["THREADS"],
            ident="parkstar",
            # above Flask's own limit, so an upload a little too large gets the explained 413 page
            max_request_body_size=2 * settings["MAX_CONTENT_LENGTH"] + (1 << 20),
        )
    finally:
        state.close()
    return 0


def _stop(signum, frame) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    sys.exit(main())
