// Starts the ZetaSQL service, prints its process group, then waits to be killed (orphan test).
import { startZetaSql } from "../../../fidelity/zetasql/service";

startZetaSql().then((service) => {
  process.stdout.write(`${service.processGroup}\n`);
  setInterval(() => undefined, 1000);
});
