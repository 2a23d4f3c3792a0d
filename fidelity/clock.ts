import { tokenize } from "../runner/translate/lexer";

const CLOCK_FUNCTIONS: Record<string, string> = {
  CURRENT_TIMESTAMP: "",
  CURRENT_DATE: "DATE",
  CURRENT_DATETIME: "DATETIME",
  CURRENT_TIME: "TIME",
};

/**
 * Each engine reads its own clock, and two readings can straddle a minute or a midnight; so both engines
 * get the query with CURRENT_TIMESTAMP/DATE/DATETIME/TIME replaced by one fixed instant
 * (`CURRENT_DATE('Asia/Kolkata')` becomes `DATE(TIMESTAMP '…', 'Asia/Kolkata')`). Strings, quoted names
 * and comments are left alone.
 */
export function pinClock(sql: string, now: Date): string {
  const instant = `TIMESTAMP '${now.toISOString().replace("T", " ").replace("Z", "+00")}'`;
  const tokens = tokenize(sql);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i].kind === "word" ? tokens[i].text.toUpperCase() : "";
    if (!(name in CLOCK_FUNCTIONS) || tokens[i - 1]?.text === ".") {
      out += tokens[i].text;
      continue;
    }
    // Optional "(" [zone] ")" after the name, spaces allowed.
    let j = i + 1;
    const skipSpace = () => {
      while (tokens[j]?.kind === "space" || tokens[j]?.kind === "comment") j++;
    };
    skipSpace();
    let zone = "";
    if (tokens[j]?.text === "(") {
      j++;
      skipSpace();
      if (tokens[j]?.kind === "string") {
        zone = tokens[j].text;
        j++;
        skipSpace();
      }
      if (tokens[j]?.text !== ")") {
        out += tokens[i].text; // not a call we understand: leave it, the comparison will show it
        continue;
      }
      i = j;
    }
    const cast = CLOCK_FUNCTIONS[name];
    out += cast ? `${cast}(${instant}${zone ? `, ${zone}` : ""})` : instant;
  }
  return out;
}
