import { Partitioners, type Producer } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";
import type { ResultMessage } from "@/lib/results/schema";

const BATCH = 100;

/**
 * Sends results messages to a results topic, as the Spark job does, for
 * tools and tests that feed the consumer without running Spark.
 */
export class ResultsProducer {
  private constructor(private readonly producer: Producer) {}

  static async connect(clientId = "cosmo-results-producer"): Promise<ResultsProducer> {
    const producer = kafkaClient(clientId).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    return new ResultsProducer(producer);
  }

  async send(topic: string, messages: readonly ResultMessage[]): Promise<void> {
    // A window is a few KB: requests of BATCH stay under the broker's 1 MB message-set limit.
    for (let i = 0; i < messages.length; i += BATCH) {
      // Keyed by run, so a run's windows stay in order on one partition.
      const batch = messages.slice(i, i + BATCH).map((m) => ({ key: m.runId, value: JSON.stringify(m) }));
      await this.producer.send({ topic, acks: -1, messages: batch });
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
