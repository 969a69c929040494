/**
 * Signed files (.p7m): the document inside each envelope read as its own format, with who
 * signed it, when and how far it was checked; nested envelopes, BER, PEM and plain base64;
 * a CAdES-T time-stamp's time where no signing time is signed; and each broken envelope
 * failing alone with its reason, never read as the document it carries.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UnsupportedFileError } from "../src/model/errors.js";
import { readCharter } from "../src/read/charter.js";
import { readSignedData } from "../src/signed/cms.js";
import { openEnvelope } from "../src/signed/envelope.js";
import { SIGNED } from "./helpers/gold.js";

const file = (...p: string[]) => join(SIGNED, ...p);
const read = async (path: string) => readCharter({ path, bytes: readFileSync(path) });
const BIANCHI = { signer: "Maria Bianchi", organization: "Comune di Borgo Esempio" };
const VERDI = { signer: "Giuseppe Verdi", organization: "Comune di Borgo Esempio" };

describe("signed envelopes", () => {
  it.each([
    ["c05-genova-urp-2020", "charter.pdf.p7m", "pdf", [BIANCHI]],
    ["c01-registro-associazioni-2020", "charter.docx.p7m", "docx", [BIANCHI]],
    ["c02-servizi-lavoro-2021", "charter.xlsx.p7m", "xlsx", [VERDI]],
    ["c03-cliclavoro-2020", "charter.html.p7m", "html", [BIANCHI]],
    ["c04-comunicazioni-obbligatorie", "charter.pdf.p7m.p7m", "pdf", [VERDI, BIANCHI]],
  ])("%s/%s: the %s inside, its signers and their signing times, the signatures verified", async (id, name, format, signers) => {
    const path = file(id, name);
    const { document, parser } = await read(path);
    expect(parser.name).toBe("p7m");
    expect(document.signed?.format).toBe(format);
    expect(document.services[0].provenance.file).toBe(path);
    const sigs = document.signed!.signatures;
    expect(sigs.map((s) => ({ signer: s.signer, organization: s.organization }))).toEqual(signers);
    expect(sigs.map((s) => s.layer)).toEqual(signers.map((_, k) => k + 1));
    for (const s of sigs) {
      expect(s.check).toBe("signature");
      expect(s.time_source).toBe("signing-time");
      expect(new Date(s.signing_time!).toISOString()).toBe(s.signing_time);
    }
  });
  it("reads the same document out of DER, BER, PEM and plain base64", () => {
    const contents = ["c05-genova-urp-2020/charter.pdf.p7m", "c01-registro-associazioni-2020/charter.docx.p7m", "c02-servizi-lavoro-2021/charter.xlsx.p7m", "c03-cliclavoro-2020/charter.html.p7m"].map((p) => openEnvelope(readFileSync(file(p))).content);
    const corpus = ["c05-genova-urp-2020/charter.pdf", "c01-registro-associazioni-2020/charter.docx", "c02-servizi-lavoro-2021/charter.xlsx", "c03-cliclavoro-2020/charter.html"].map((p) => readFileSync(join(SIGNED, "..", "corpus", p)));
    contents.forEach((c, k) => expect(c.equals(corpus[k])).toBe(true));
  });
  it("takes a CAdES-T time-stamp's time where no signing time is signed, and keeps the signing time where one is", async () => {
    const stamped = readSignedData(readFileSync(file("q01-three-services-uppercase", "charter.pdf.p7m"))).signers[0];
    expect(stamped.signingTime).not.toBeNull();
    expect(stamped.timeStamp).not.toBeNull();
    // the stamp was made after the signature, within the script's run
    const lag = Date.parse(stamped.timeStamp!) - Date.parse(stamped.signingTime!);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(10 * 60_000);
    expect((await read(file("q01-three-services-uppercase", "charter.pdf.p7m"))).document.signed!.signatures[0]).toMatchObject({ time_source: "signing-time", signing_time: stamped.signingTime, check: "signature" });
    // no signed attributes: the signature is over the content itself, the time is the stamp's
    const bare = readSignedData(readFileSync(file("q02-results-two-services", "charter.docx.p7m"))).signers[0];
    expect(bare.signedAttributes).toBeNull();
    expect((await read(file("q02-results-two-services", "charter.docx.p7m"))).document.signed!.signatures[0]).toMatchObject({ ...BIANCHI, time_source: "timestamp", signing_time: bare.timeStamp, check: "signature" });
  });
});

describe("broken envelopes fail alone, with their reason, and are never read as what they carry", () => {
  it.each([
    ["truncated.pdf.p7m", /^p7m: broken envelope: .*runs past its end/],
    ["tampered-content.pdf.p7m", /^p7m: signature of Maria Bianchi: the content's digest does not match the one signed/],
    ["tampered-signature.pdf.p7m", /^p7m: signature of Maria Bianchi: the signature over the signed attributes does not verify/],
    ["detached.pdf.p7m", /^p7m: a detached signature: the signed document is not inside it$/],
  ])("%s", async (name, reason) => {
    const err = await read(file("bad", name)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedFileError);
    expect((err as Error).message).toMatch(reason);
    // only the envelope reader was asked: the PDF inside is not read by the PDF parser
    expect((err as UnsupportedFileError).tried.map((t) => t.parser)).toEqual(["p7m"]);
  });
  it("a content changed in a BER envelope's chunks, and a PEM envelope's broken base64", async () => {
    const ber = Buffer.from(readFileSync(file("c01-registro-associazioni-2020", "charter.docx.p7m")));
    const at = ber.indexOf("word/document.xml");
    ber[at] ^= 0x20;
    await expect(readCharter({ path: "x.docx.p7m", bytes: ber })).rejects.toThrow(/content's digest does not match/);
    const pem = readFileSync(file("c02-servizi-lavoro-2021", "charter.xlsx.p7m"), "latin1");
    const cut = pem.slice(0, pem.length / 2) + "-----END PKCS7-----\n";
    await expect(readCharter({ path: "x.xlsx.p7m", bytes: Buffer.from(cut, "latin1") })).rejects.toThrow(/^p7m: broken envelope/);
  });
  it("a certificate whose subject was changed is not the one the signature names (CAdES signing-certificate)", async () => {
    const b = Buffer.from(readFileSync(file("c05-genova-urp-2020", "charter.pdf.p7m")));
    // the name is the certificate's issuer, then its subject (self-signed), then the signer's identifier
    const issuer = b.indexOf("Maria Bianchi");
    const subject = b.indexOf("Maria Bianchi", issuer + 1);
    expect(subject).toBeGreaterThan(issuer);
    b.write("Mario", subject);
    // the key is untouched, so the signature still verifies: only the signed hash of the certificate tells
    await expect(readCharter({ path: "x.pdf.p7m", bytes: b })).rejects.toThrow(/the signer's certificate in the envelope is not the one the signature names/);
  });
  it("a well-signed document that is no charter fails with the reason its own parser gives", async () => {
    const err = await read(file("bad", "not-a-charter.pdf.p7m")).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^p7m: the signed document: pdf: no charter table found/);
  });
});

describe("fixtures/producers/signed: another session's envelopes (openssl cms -cades, DER, base64, PEM, nested)", () => {
  const root = join(SIGNED, "..", "producers", "signed");
  const cases = readdirSync(root)
    .filter((id) => id !== "broken")
    .sort()
    .flatMap((id) => readdirSync(join(root, id)).filter((f) => f.endsWith(".p7m")).map((f) => [id, f] as const));
  it("has five envelopes of every charter", () => expect(cases.length).toBeGreaterThanOrEqual(5 * 9));
  it.each(cases)("%s/%s reads as the document it carries, signed by its certificate's subject", async (id, name) => {
    const path = join(root, id, name);
    const bytes = readFileSync(path);
    const { document } = await readCharter({ path, bytes });
    const inner = await readCharter({ path, bytes: openEnvelope(bytes).content });
    expect(document.signed!.format).toBe(inner.parser.format);
    const { signed, ...rest } = document;
    expect(rest).toEqual(inner.document);
    expect(signed!.signatures.length).toBe(name.includes("nested") ? 2 : 1);
    for (const s of signed!.signatures) expect(s).toMatchObject({ signer: "Laura Ferretti", organization: "Comune di Valmarina", check: "signature", time_source: "signing-time" });
  });
  it.each(readdirSync(join(root, "broken")).filter((f) => f.endsWith(".p7m")))("broken/%s fails with its reason", async (name) => {
    const err = await read(join(root, "broken", name)).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^p7m: (broken envelope: .*runs past its end|signature of Laura Ferretti: the content's digest does not match the one signed)/);
    expect((err as UnsupportedFileError).tried.map((t) => t.parser)).toEqual(["p7m"]);
  });
});
