using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.HostLink
{
    [TestClass]
    public class RedactionTests
    {
        // READ RECORD response: 70 { 57 track 2 (PAN 4642352851503640), 5F20 name "BOB", 5F24 expiry 311231 } 9000.
        private const string RecordResponse = "70 16 57 08 4642352851503640 5F20 03 424F42 5F24 03 311231 9000";
        private const string RedactedRecordResponse = "70 16 57 08 FFFFFFFFFFFFFFFF 5F20 03 FFFFFF 5F24 03 311231 9000";

        [TestMethod]
        public void SensitiveValuesAreReplacedKeepingTagsAndLengths()
        {
            byte[] response = HostLinkTestData.Hex(RecordResponse);
            byte[] command = HostLinkTestData.Hex("00B2010C00");

            TlvRedactor.RedactResponse(command, 0, command.Length, response, 0, response.Length);

            CollectionAssert.AreEqual(HostLinkTestData.Hex(RedactedRecordResponse), response);
        }

        [TestMethod]
        public void NestedCryptogramAndIssuerDataAreRedacted()
        {
            // GENERATE AC format 2: 77 { 9F27 CID, 9F36 ATC, 9F26 AC, 9F10 IAD } (from hf_visa_apple_normal.trace).
            byte[] response = HostLinkTestData.Hex("77 1E 9F27 01 80 9F36 02 002D 9F26 08 5B3617315A36DABD 9F10 07 06011203A00000 9000");
            TlvRedactor.RedactResponse(HostLinkTestData.Hex("80AE800000"), 0, 5, response, 0, response.Length);

            CollectionAssert.AreEqual(HostLinkTestData.Hex("77 1E 9F27 01 80 9F36 02 002D 9F26 08 FFFFFFFFFFFFFFFF 9F10 07 FFFFFFFFFFFFFF 9000"), response);
        }

        [TestMethod]
        public void GenerateAcFormatOneTemplateIsRedactedWhole()
        {
            byte[] response = HostLinkTestData.Hex("80 0B 80 002D 5B3617315A36DABD 9000");
            TlvRedactor.RedactResponse(HostLinkTestData.Hex("80AE800000"), 0, 5, response, 0, response.Length);
            CollectionAssert.AreEqual(HostLinkTestData.Hex("80 0B FFFFFFFFFFFFFFFFFFFFFF 9000"), response);

            // The same template answering GET PROCESSING OPTIONS (AIP + AFL) is not secret.
            byte[] gpo = HostLinkTestData.Hex("80 06 0080 08010100 9000");
            TlvRedactor.RedactResponse(HostLinkTestData.Hex("80A8000002830000"), 0, 8, gpo, 0, gpo.Length);
            CollectionAssert.AreEqual(HostLinkTestData.Hex("80 06 0080 08010100 9000"), gpo);
        }

        [TestMethod]
        public void PinBlockOfVerifyIsRedacted()
        {
            byte[] verify = HostLinkTestData.Hex("0020008008 241234FFFFFFFFFF");
            TlvRedactor.RedactCommand(verify, 0, verify.Length);
            CollectionAssert.AreEqual(HostLinkTestData.Hex("0020008008 FFFFFFFFFFFFFFFF"), verify);
        }

        [TestMethod]
        public void DataThatIsNotTlvIsRedactedFromWhereParsingFails()
        {
            // 5F24 parses; then 57 claims 0x20 bytes that are not there: the rest is filled (fail-safe).
            byte[] response = HostLinkTestData.Hex("5F24 03 311231 57 20 46423528 9000");
            TlvRedactor.RedactResponse(null, 0, 0, response, 0, response.Length);
            CollectionAssert.AreEqual(HostLinkTestData.Hex("5F24 03 311231 57 20 FFFFFFFF 9000"), response);
        }

        [TestMethod]
        public void ApduTraceCarriesNoPanByteInItsApduOrFrames()
        {
            ApduTraceRecord trace = ReadRecordTrace();
            byte[] originalFrame = (byte[])((TraceFrame)trace.Frames[1]).Data.Clone();

            byte[] wire = HostLinkTestData.Encode(trace, 3);

            // Neither half of the PAN (it is split across two chained I-blocks) appears anywhere on the wire.
            Assert.IsFalse(HostLinkTestData.ContainsSequence(wire, wire.Length, HostLinkTestData.Hex("46423528")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(wire, wire.Length, HostLinkTestData.Hex("51503640")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(wire, wire.Length, HostLinkTestData.Hex("424F42")));
            // The record object itself is untouched (the caller's buffers are not modified).
            CollectionAssert.AreEqual(originalFrame, ((TraceFrame)trace.Frames[1]).Data);

            ApduTraceRecord decoded = (ApduTraceRecord)HostLinkTestData.DecodeAll(wire, 64)[0];
            CollectionAssert.AreEqual(HostLinkTestData.Hex(RedactedRecordResponse), decoded.Response);
            Assert.AreEqual(4, decoded.Frames.Count);

            // Frames keep their length; the INF of each response I-block is the redacted response, CRC_A valid.
            TraceFrame first = (TraceFrame)decoded.Frames[1];
            TraceFrame second = (TraceFrame)decoded.Frames[3];
            Assert.AreEqual(originalFrame.Length, first.Length);
            byte[] redacted = HostLinkTestData.Hex(RedactedRecordResponse);
            CollectionAssert.AreEqual(HostLinkTestData.Slice(redacted, 0, 10), HostLinkTestData.Slice(first.Data, 1, 10));
            CollectionAssert.AreEqual(HostLinkTestData.Slice(redacted, 10, redacted.Length - 10), HostLinkTestData.Slice(second.Data, 1, second.Length - 3));
            AssertCrcA(first);
            AssertCrcA(second);
            // The command frame and the R(ACK) are unchanged.
            CollectionAssert.AreEqual(((TraceFrame)trace.Frames[0]).Data, ((TraceFrame)decoded.Frames[0]).Data);
            CollectionAssert.AreEqual(((TraceFrame)trace.Frames[2]).Data, ((TraceFrame)decoded.Frames[2]).Data);
        }

        [TestMethod]
        public void IBlockThatMatchesNoApduBytesIsFilled()
        {
            ApduTraceRecord trace = ReadRecordTrace();
            // A response I-block whose INF is not part of the response (a bug in the caller): fail-safe fill.
            byte[] stray = HostLinkTestData.Hex("02 4642352851503640 0000");
            CrcA.Append(stray, 0, stray.Length - 2);
            trace.Frames.Add(new TraceFrame(FrameDirection.PiccToPcd, BitRate.Kbps106, 9, stray, stray.Length, true));

            byte[] wire = HostLinkTestData.Encode(trace, 3);

            Assert.IsFalse(HostLinkTestData.ContainsSequence(wire, wire.Length, HostLinkTestData.Hex("46423528")));
            ApduTraceRecord decoded = (ApduTraceRecord)HostLinkTestData.DecodeAll(wire, 64)[0];
            CollectionAssert.AreEqual(HostLinkTestData.Hex("FFFFFFFFFFFFFFFF"), HostLinkTestData.Slice(((TraceFrame)decoded.Frames[4]).Data, 1, 8));
        }

        [TestMethod]
        public void PanGuardRefusesUnmaskedPans()
        {
            FrameEncoder encoder = new FrameEncoder();
            byte[] output = new byte[HostLinkProtocol.MaximumWireLength];
            int length;
            string[] refused = new string[] { "4642352851503640", "464235*****53640", "46423******3640", "464235******364*", "4642**", "464235******3640 " };
            for (int index = 0; index < refused.Length; index++)
            {
                TransactionRecord record = HostLinkSamples.Transaction();
                record.PanMasked = refused[index];
                EnumAssert.AreEqual(EncodeStatus.PanNotMasked, encoder.Encode(record, 0, output, 0, output.Length, out length), refused[index]);
                Assert.AreEqual(0, length);
            }

            TransactionRecord masked = HostLinkSamples.Transaction();
            masked.PanMasked = "6250941*********1234";
            EnumAssert.AreEqual(EncodeStatus.PanNotMasked, encoder.Encode(masked, 0, output, 0, output.Length, out length));
            masked.PanMasked = "625094*********1234";
            EnumAssert.AreEqual(EncodeStatus.Ok, encoder.Encode(masked, 0, output, 0, output.Length, out length));
        }

        private static void AssertCrcA(TraceFrame frame)
        {
            int crc = CrcA.Compute(frame.Data, 0, frame.Length - 2);
            Assert.AreEqual((byte)crc, frame.Data[frame.Length - 2]);
            Assert.AreEqual((byte)(crc >> 8), frame.Data[frame.Length - 1]);
        }

        /// <summary>READ RECORD with its response chained over two I-blocks and an R(ACK) between them.</summary>
        private static ApduTraceRecord ReadRecordTrace()
        {
            byte[] command = HostLinkTestData.Hex("00B2010C00");
            byte[] response = HostLinkTestData.Hex(RecordResponse);
            ApduTraceRecord trace = new ApduTraceRecord();
            trace.TimeMicroseconds = 100;
            trace.SetCommand(command, command.Length);
            trace.SetResponse(response, response.Length);
            trace.Frames.Add(Frame(FrameDirection.PcdToPicc, "02", command, 0, command.Length));
            trace.Frames.Add(Frame(FrameDirection.PiccToPcd, "12", response, 0, 10));
            trace.Frames.Add(Frame(FrameDirection.PcdToPicc, "A3", null, 0, 0));
            trace.Frames.Add(Frame(FrameDirection.PiccToPcd, "03", response, 10, response.Length - 10));
            return trace;
        }

        private static TraceFrame Frame(FrameDirection direction, string pcb, byte[] apdu, int offset, int count)
        {
            byte[] data = new byte[1 + count + 2];
            data[0] = HostLinkTestData.Hex(pcb)[0];
            if (apdu != null)
            {
                System.Array.Copy(apdu, offset, data, 1, count);
            }

            CrcA.Append(data, 0, 1 + count);
            return new TraceFrame(direction, BitRate.Kbps106, 1000, data, data.Length, true);
        }
    }
}
