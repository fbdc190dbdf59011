"""Write the schema's SDL to schema.graphql at the repository root: `python -m app.api.sdl`."""

from __future__ import annotations

from pathlib import Path

from app.api.schema import schema

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"


def main() -> None:
    SDL_PATH.write_text(str(schema) + "\n", encoding="utf-8")
    print(f"wrote {SDL_PATH}")


if __name__ == "__main__":
    main()
