// The EventStoreDB wire double in a process of its own, for the nodes benchmark: run from the
// sources (node --conditions=source --import tsx), since #testing is not part of the build (and #testing-double, unlike #testing, loads without Jest).
import { EsdbWireDouble } from '#testing-double';

const double = await EsdbWireDouble.start();
process.stdout.write(`${JSON.stringify({ connectionString: double.connectionString })}\n`);
process.once('SIGTERM', () => {
  void double.stop().then(() => process.exit(0));
});
