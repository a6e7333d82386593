#!/usr/bin/python3
"""A downstream system written from Heed's published contract alone.

It uses no project code and another Kafka client than privacy-client (confluent-kafka, i.e.
librdkafka): only privacy-events' asyncapi.yaml, the JSON Schemas beside it, the subject-key test
vectors and dsr-service's OpenAPI for the export upload. ContractSystemTest runs it against the real
broker and the packaged dsr-service.

Its "database" is a JSON file: {customer id: [{"category": ..., "text": ...}, ...]}. It answers
ERASE (deleting the customer's records, keeping retainDataCategories) and EXPORT (uploading them
with an HTTP PUT to the directive's uploadUrl), answers NOT_APPLICABLE to kinds it does not handle
or know, answers a re-sent directive with the identical stored answer, and reports the refusals of
its answers it reads on privacy.acks.<id>.v1.dlq. It prints one JSON object per line on stdout.

Environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD (the system's Kafka user), HEED_SYSTEM_ID,
HEED_SUBJECT_KEYS_VERSION, HEED_SUBJECT_KEYS_SECRET, HEED_SYSTEM_TOKEN (for uploads),
HEED_CONTRACT_DIR (privacy-events/src/main/resources), CUSTOMERS_FILE, ANSWERS_FILE.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import signal
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition, OFFSET_BEGINNING

# Names from asyncapi.yaml (channels directives, acks, deadLetters; CloudEventHeaders).
DIRECTIVE_TYPE = "dev.heed.directive.issued.v1"
ACK_TYPE = "dev.heed.directive.acknowledged.v1"
ACK_SCHEMA = "https://heed.dev/schemas/dev.heed.directive.acknowledged.v1.json"
HANDLED = {"ERASE", "EXPORT"}


def say(event, **fields):
    print(json.dumps(dict(event=event, **fields)), flush=True)


def decode_secret(text):
    """As the contract says: standard base64, or the URL-safe alphabet when it holds '-' or '_'."""
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    raw = base64.urlsafe_b64decode(padded) if ("-" in text or "_" in text) else base64.b64decode(padded)
    if len(raw) < 32:
        raise ValueError("a subject-key secret has at least 32 bytes")
    return raw


def subject_key(version, secret, customer_id):
    mac = hmac.new(secret, customer_id.encode("utf-8"), hashlib.sha256).digest()
    return "k%d:%s" % (version, base64.urlsafe_b64encode(mac).decode("ascii").rstrip("="))


def check_vectors(contract_dir):
    with open(os.path.join(contract_dir, "subject-key-test-vectors.json"), encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    for vector in vectors:
        got = subject_key(vector["keyVersion"], decode_secret(vector["secretBase64"]), vector["customerId"])
        if got != vector["subjectKey"]:
            say("vector-mismatch", comment=vector["comment"])
            sys.exit(3)
    say("vectors-ok", count=len(vectors))


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class System:

    def __init__(self):
        env = os.environ
        self.system_id = env["HEED_SYSTEM_ID"]
        self.contract_dir = env["HEED_CONTRACT_DIR"]
        self.secrets = {int(env.get("HEED_SUBJECT_KEYS_VERSION", "1")): decode_secret(env["HEED_SUBJECT_KEYS_SECRET"])}
        self.token = env.get("HEED_SYSTEM_TOKEN")
        self.customers_file = env["CUSTOMERS_FILE"]
        self.answers_file = env["ANSWERS_FILE"]
        with open(os.path.join(self.contract_dir, "schemas", "dev.heed.directive.acknowledged.v1.json")) as f:
            self.ack_required = json.load(f)["required"]
        kafka = {"bootstrap.servers": env["KAFKA_BOOTSTRAP_SERVERS"]}
        if env.get("KAFKA_SECURITY_PROTOCOL"):
            kafka.update({"security.protocol": env["KAFKA_SECURITY_PROTOCOL"],
                          "sasl.mechanism": env.get("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                          "sasl.username": env["KAFKA_SASL_USERNAME"],
                          "sasl.password": env["KAFKA_SASL_PASSWORD"]})
        self.directives_topic = "privacy.directives.%s.v1" % self.system_id
        self.acks_topic = "privacy.acks.%s.v1" % self.system_id
        # Operation downstreamSystem.receiveDirectives: group <system-id>, earliest, commit after answering.
        self.consumer = Consumer(dict(kafka, **{"group.id": self.system_id, "auto.offset.reset": "earliest",
                                                "enable.auto.commit": False}))
        # Operation downstreamSystem.receiveAckRefusals: an assigned reader of the acks dead-letter topic.
        self.refusals = Consumer(dict(kafka, **{"group.id": self.system_id + ".refusals",
                                                "enable.auto.commit": False}))
        self.producer = Producer(dict(kafka, **{"acks": "all", "enable.idempotence": True}))

    # --- its own data

    def load(self, path, default):
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return default

    def save(self, path, value):
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(value, f)
        os.replace(path + ".tmp", path)

    def customer_of(self, directive):
        """The customer id whose subject key the directive names, by the version in its prefix."""
        key = directive.get("subjectKey") or ""
        version = int(key[1:key.index(":")]) if key.startswith("k") and ":" in key else None
        if version not in self.secrets:
            raise LookupError("unknown subject-key version k%s" % version)
        for customer_id in self.load(self.customers_file, {}):
            if subject_key(version, self.secrets[version], customer_id) == key:
                return customer_id
        return None

    # --- answering

    def answer(self, directive):
        kind = directive.get("kind")
        if kind not in HANDLED:
            return {"outcome": "NOT_APPLICABLE", "reason": "system %s does not handle %s" % (
                self.system_id, "this directive kind" if not isinstance(kind, str) else kind[:40])}
        try:
            customer_id = self.customer_of(directive)
        except LookupError as e:
            return {"outcome": "FAILED", "reason": str(e)}
        customers = self.load(self.customers_file, {})
        records = customers.get(customer_id, []) if customer_id else []
        if kind == "ERASE":
            retain = set((directive.get("parameters") or {}).get("retainDataCategories") or [])
            categories = set(directive.get("dataCategories") or [])  # [] or absent: all categories
            erased = [r for r in records if "*" not in retain and r["category"] not in retain
                      and (not categories or r["category"] in categories)]
            if not erased:
                return {"outcome": "NOT_APPLICABLE", "reason": "no records of the subject to erase"}
            customers[customer_id] = [r for r in records if r not in erased]
            if not customers[customer_id]:
                del customers[customer_id]
            self.save(self.customers_file, customers)
            return {"outcome": "DONE", "recordsAffected": len(erased)}
        if not records:
            return {"outcome": "NOT_APPLICABLE", "reason": "no records of the subject"}
        body = json.dumps({"records": records}).encode("utf-8")
        return self.upload(directive, body, len(records))

    def upload(self, directive, body, count):
        """dsr-service's OpenAPI: PUT /api/v1/exports/{directiveId}/parts, the system's bearer token."""
        url = (directive.get("parameters") or {}).get("uploadUrl")
        if not url:
            return {"outcome": "FAILED", "reason": "the export directive names no uploadUrl"}
        digest = hashlib.sha256(body).digest()
        request = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": "application/json",
            "Content-Digest": "sha-256=:%s:" % base64.b64encode(digest).decode("ascii"),
            "Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(request, timeout=60) as response:
            receipt = json.load(response)
        if receipt["sha256"] != digest.hex():
            return {"outcome": "FAILED", "reason": "the upload stored another body"}
        parts = urllib.parse.urlsplit(url)
        return {"outcome": "DONE", "recordsAffected": count,
                "exportReference": urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
                "exportSha256": receipt["sha256"]}

    def acknowledgement(self, directive_id, result, traceparent):
        at = now()
        payload = dict(directiveId=directive_id, systemId=self.system_id, acknowledgedAt=at, **result)
        missing = [name for name in self.ack_required if name not in payload]
        if missing:
            raise ValueError("the acknowledgement lacks %s" % missing)
        headers = {"ce_specversion": "1.0", "ce_id": str(uuid.uuid4()),
                   "ce_source": "/heed/systems/" + self.system_id, "ce_type": ACK_TYPE, "ce_time": at,
                   "ce_dataschema": ACK_SCHEMA, "content-type": "application/json"}
        if traceparent:
            headers["traceparent"] = traceparent
        return {"headers": headers, "value": json.dumps(payload)}

    def send(self, ack, directive_id):
        self.producer.produce(self.acks_topic, key=directive_id, value=ack["value"].encode("utf-8"),
                              headers=[(k, v.encode("utf-8")) for k, v in ack["headers"].items()])
        if self.producer.flush(30) != 0:
            raise RuntimeError("the acknowledgement was not delivered")

    def dead_letter(self, record, reason):
        headers = list(record.headers() or []) + [
            ("dead-letter-reason", reason.encode()), ("dead-letter-topic", record.topic().encode()),
            ("dead-letter-partition", str(record.partition()).encode()),
            ("dead-letter-offset", str(record.offset()).encode())]
        self.producer.produce(self.directives_topic + ".dlq", key=record.key(), value=record.value(), headers=headers)
        self.producer.flush(30)

    def handle(self, record):
        headers = {k: (v or b"").decode("utf-8") for k, v in (record.headers() or [])}
        if headers.get("ce_type") != DIRECTIVE_TYPE:
            return  # the contract: skip types this reader does not know
        try:
            directive = json.loads(record.value())
            directive_id = str(uuid.UUID(directive["directiveId"]))
        except (ValueError, KeyError, TypeError):
            self.dead_letter(record, "not a directive")
            say("dead-lettered", offset=record.offset())
            return
        if directive.get("systemId") != self.system_id:
            self.dead_letter(record, "addressed to another system")
            return
        answers = self.load(self.answers_file, {})
        again = directive_id in answers
        if not again:
            # Stored before it is sent: a re-send gets the identical record (same ce_id, acknowledgedAt).
            answers[directive_id] = self.acknowledgement(directive_id, self.answer(directive),
                                                         headers.get("traceparent"))
            self.save(self.answers_file, answers)
        ack = answers[directive_id]
        self.send(ack, directive_id)
        say("answered", directiveId=directive_id, kind=str(directive.get("kind")), again=again,
            ceId=ack["headers"]["ce_id"], outcome=json.loads(ack["value"])["outcome"])

    def read_refusals(self):
        for record in self.refusals.consume(num_messages=50, timeout=0.1):
            if record.error():
                continue
            headers = {k: (v or b"").decode("utf-8") for k, v in (record.headers() or [])}
            say("refusal", ceId=headers.get("ce_id"), reason=headers.get("dead-letter-reason"))

    def run(self):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.consumer.subscribe([self.directives_topic])
        self.refusals.assign([TopicPartition(self.acks_topic + ".dlq", 0, OFFSET_BEGINNING)])
        say("ready", systemId=self.system_id)
        while not stopping:
            record = self.consumer.poll(0.2)
            self.read_refusals()
            if record is None:
                continue
            if record.error():
                say("kafka-error", error=str(record.error()))
                continue
            self.handle(record)
            self.consumer.commit(message=record, asynchronous=False)
        self.consumer.close()
        self.refusals.close()


if __name__ == "__main__":
    check_vectors(os.environ["HEED_CONTRACT_DIR"])
    System().run()
