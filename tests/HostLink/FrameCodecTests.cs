using System;
using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.HostLink
{
    [TestClass]
    public class FrameCodecTests
    {
        [TestMethod]
        public void Crc16HasTheCcittFalseCheckValue()
        {
            byte[] check = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };
            Assert.AreEqual((ushort)0x29B1, Crc16.Compute(check, 0, check.Length));
        }

        [TestMethod]
        public void CrcAMatchesFramesFromARealTrace()
        {
            // hf_visa_apple_normal.trace: SELECT CL1 "93 70 08 34 b9 83 06 6c 68" and RATS "e0 80 31 73".
            byte[] select = HostLinkTestData.Hex("93700834b98306");
            Assert.AreEqual(0x686C, (int)CrcA.Compute(select, 0, select.Length));
            byte[] rats = HostLinkTestData.Hex("e080");
            Assert.AreEqual(0x7331, (int)CrcA.Compute(rats, 0, rats.Length));
        }

        [TestMethod]
        public void AcknowledgeFrameHasTheGoldenBytes()
        {
            AcknowledgeMessage ack = new AcknowledgeMessage();
            ack.AcknowledgedSequence = 3;

            byte[] wire = HostLinkTestData.Encode(ack, 5);

            // Frame 01 81 05000000 0700 | 80 0400 03000000 | CRC c10b, COBS-encoded, then the 00 delimiter.
            CollectionAssert.AreEqual(HostLinkTestData.Hex("04 01 81 05 01 01 02 07 03 80 04 02 03 01 01 03 c1 0b 00"), wire);
        }

        [TestMethod]
        public void CobsRoundTripsZerosAndLongRuns()
        {
            for (int length = 0; length < 700; length += 37)
            {
                byte[] input = new byte[length];
                for (int index = 0; index < length; index++)
                {
                    // Runs of non-zero bytes longer than 254 (the 0xFF code) and scattered zeros.
                    input[index] = (byte)(length > 300 && index < 300 ? 1 + (index % 200) : (index * 7) % 5);
                }

                byte[] encoded = new byte[length + length / 254 + 2];
                int encodedLength = Cobs.Encode(input, 0, length, encoded, 0, encoded.Length);
                Assert.IsTrue(encodedLength > 0);
                for (int index = 0; index < encodedLength; index++)
                {
                    Assert.AreNotEqual((byte)0, encoded[index]);
                }

                byte[] decoded = new byte[length + 1];
                int decodedLength = Cobs.Decode(encoded, 0, encodedLength, decoded, 0, decoded.Length);
                Assert.AreEqual(length, decodedLength);
                CollectionAssert.AreEqual(input, HostLinkTestData.Slice(decoded, 0, length));
            }
        }

        [TestMethod]
        public void StorageCardFieldsRoundTrip()
        {
            TransactionRecord record = new TransactionRecord();
            record.Uid = new byte[] { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
            record.CardType = "ntag213";
            record.Ndef.Add(new NdefEntry("U", "https://example.com/poster"));
            record.Ndef.Add(new NdefEntry("T", "\u4E58\u8F66"));
            record.HasBalance = true;
            record.BalanceMinorUnits = 2550;

            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Encode(record, 7), 1000);

            TransactionRecord decoded = (TransactionRecord)events[0];
            Assert.AreEqual("ntag213", decoded.CardType);
            Assert.AreEqual(2, decoded.Ndef.Count);
            Assert.AreEqual("U", ((NdefEntry)decoded.Ndef[0]).Type);
            Assert.AreEqual("https://example.com/poster", ((NdefEntry)decoded.Ndef[0]).Value);
            Assert.AreEqual("\u4E58\u8F66", ((NdefEntry)decoded.Ndef[1]).Value, "text records keep their language (UTF-8)");
            Assert.AreEqual(2550L, decoded.BalanceMinorUnits);

            StatusRecord status = new StatusRecord();
            status.Mfrc522Health = "ok";
            status.Nrf24Health = "ok";
            status.ConfigurationSummary = "trace=off";
            status.FirmwareVersion = "x";
            status.SelfTest = "clone";
            status.SelfTestMatch = "fm17522";
            StatusRecord decodedStatus = (StatusRecord)HostLinkTestData.DecodeAll(HostLinkTestData.Encode(status, 8), 1000)[0];
            Assert.AreEqual("clone", decodedStatus.SelfTest);
            Assert.AreEqual("fm17522", decodedStatus.SelfTestMatch);
        }

        [TestMethod]
        public void TransactionRecordRoundTripsEveryField()
        {
            TransactionRecord record = HostLinkSamples.Transaction();

            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Encode(record, 42), 1000);

            Assert.AreEqual(1, events.Count);
            TransactionRecord decoded = (TransactionRecord)events[0];
            Assert.AreEqual(42u, decoded.Sequence);
            EnumAssert.AreEqual(ReaderInterface.Nfc, decoded.Interface);
            Assert.AreEqual(529150867L, decoded.TimeMicroseconds);
            CollectionAssert.AreEqual(record.Uid, decoded.Uid);
            CollectionAssert.AreEqual(record.Aid, decoded.Aid);
            Assert.AreEqual("464235******3640", decoded.PanMasked);
            Assert.AreEqual("ok", decoded.Outcome);
            Assert.AreEqual(181234u, decoded.DurationMicroseconds);
            CollectionAssert.AreEqual(record.Ats, decoded.Ats);
            Assert.AreEqual("VISA CREDIT", decoded.ApplicationLabel);
            Assert.AreEqual("2712", decoded.Expiry);
            EnumAssert.AreEqual(CredentialKind.Token, decoded.Credential);
            Assert.IsTrue(decoded.HasBalance);
            Assert.AreEqual(123456L, decoded.BalanceMinorUnits);
            Assert.AreEqual(156, decoded.CurrencyCode);
            Assert.AreEqual(0x2D, decoded.ApplicationTransactionCounter);
            Assert.AreEqual(0x9000, decoded.LastStatusWord);
            Assert.AreEqual(3, decoded.Timings.Count);
            PhaseTiming apdu = (PhaseTiming)decoded.Timings[2];
            EnumAssert.AreEqual(TimingPhase.Apdu, apdu.Phase);
            Assert.AreEqual(1, apdu.Index);
            Assert.AreEqual(56384u, apdu.DurationMicroseconds);
        }

        [TestMethod]
        public void AtqaAndSakTravelWithTheTransaction()
        {
            TransactionRecord record = new TransactionRecord();
            record.Interface = ReaderInterface.Nfc;
            record.Uid = HostLinkTestData.Hex("0834B98306");
            record.Atqa = HostLinkTestData.Hex("0400");
            record.Sak = 0x20;

            TransactionRecord decoded = (TransactionRecord)HostLinkTestData.DecodeAll(HostLinkTestData.Encode(record, 0), 64)[0];

            CollectionAssert.AreEqual(HostLinkTestData.Hex("0400"), decoded.Atqa);
            Assert.AreEqual(0x20, decoded.Sak);
        }

        [TestMethod]
        public void OptionalFieldsStayUnsetWhenLeftOut()
        {
            TransactionRecord record = new TransactionRecord();
            record.Interface = ReaderInterface.RfSim;
            record.Uid = HostLinkTestData.Hex("0102030405060708");
            record.Outcome = "no_response";

            TransactionRecord decoded = (TransactionRecord)HostLinkTestData.DecodeAll(HostLinkTestData.Encode(record, 0), 64)[0];

            EnumAssert.AreEqual(ReaderInterface.RfSim, decoded.Interface);
            Assert.IsNull(decoded.Aid);
            Assert.IsNull(decoded.Atqa);
            Assert.AreEqual(-1, decoded.Sak);
            Assert.IsNull(decoded.PanMasked);
            Assert.IsFalse(decoded.HasBalance);
            Assert.AreEqual(-1, decoded.ApplicationTransactionCounter);
            Assert.AreEqual(-1, decoded.LastStatusWord);
            Assert.AreEqual("no_response", decoded.Outcome);
        }

        [TestMethod]
        public void EveryOtherMessageTypeRoundTrips()
        {
            byte[] stream = new byte[0];
            HostLinkMessage[] messages = HostLinkSamples.AllButTransaction();
            for (int index = 0; index < messages.Length; index++)
            {
                stream = HostLinkTestData.Concat(stream, HostLinkTestData.Encode(messages[index], (uint)(100 + index)));
            }

            // Byte by byte: the decoder must not care how the UART chunks the stream.
            ArrayList events = HostLinkTestData.DecodeAll(stream, 1);

            Assert.AreEqual(messages.Length, events.Count);
            for (int index = 0; index < messages.Length; index++)
            {
                HostLinkMessage decoded = (HostLinkMessage)events[index];
                Assert.AreEqual((byte)messages[index].Type, (byte)decoded.Type);
                Assert.AreEqual((uint)(100 + index), decoded.Sequence);
                // Re-encoding the decoded message gives the same bytes: every field survived.
                CollectionAssert.AreEqual(HostLinkTestData.Encode(messages[index], 7), HostLinkTestData.Encode(decoded, 7));
            }

            ErrorRecord error = (ErrorRecord)events[0];
            Assert.AreEqual("chip_missing", error.Code);
            LostRecord lost = (LostRecord)events[2];
            Assert.AreEqual(17u, lost.Count);
            PassThroughCommandMessage passThrough = (PassThroughCommandMessage)events[events.Count - 1];
            CollectionAssert.AreEqual(HostLinkTestData.Hex("00A404000E325041592E5359532E444446303100"), passThrough.Apdu);
        }

        [TestMethod]
        public void DecoderResynchronisesAfterNoise()
        {
            byte[] first = HostLinkTestData.Encode(HostLinkSamples.Error("first"), 1);
            byte[] second = HostLinkTestData.Encode(HostLinkSamples.Error("second"), 2);
            byte[] third = HostLinkTestData.Encode(HostLinkSamples.Error("third"), 3);
            // Noise that ends on a delimiter, and noise that does not (it glues onto the frame after it).
            byte[] delimitedNoise = HostLinkTestData.Hex("37 A5 FF 12 00 99 88 77 66 55 44 33 22 11 00 00");
            byte[] gluedNoise = HostLinkTestData.Hex("00 5A 3C");

            byte[] stream = HostLinkTestData.Concat(HostLinkTestData.Concat(delimitedNoise, first), HostLinkTestData.Concat(gluedNoise, second));
            stream = HostLinkTestData.Concat(stream, third);
            ArrayList events = HostLinkTestData.DecodeAll(stream, 5);

            // Junk "frames" "37 A5 FF 12" and "99 .. 11", then first, then "5A 3C"+second (lost), then third.
            Assert.AreEqual(5, events.Count);
            Assert.IsTrue(events[0] is DecodeStatus);
            Assert.IsTrue(events[1] is DecodeStatus);
            Assert.AreEqual("first", ((ErrorRecord)events[2]).Detail);
            Assert.IsTrue(events[3] is DecodeStatus);
            Assert.AreEqual("third", ((ErrorRecord)events[4]).Detail);
        }

        [TestMethod]
        public void CorruptedByteIsABadCrcAndTheNextFrameDecodes()
        {
            byte[] first = HostLinkTestData.Encode(HostLinkSamples.Error("first"), 1);
            byte[] second = HostLinkTestData.Encode(HostLinkSamples.Error("second"), 2);
            first[first.Length - 6] ^= 0x04;

            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Concat(first, second), 3);

            Assert.AreEqual(2, events.Count);
            EnumAssert.AreEqual(DecodeStatus.BadCrc, (DecodeStatus)events[0]);
            Assert.AreEqual("second", ((ErrorRecord)events[1]).Detail);
        }

        [TestMethod]
        public void OversizedInputIsReportedOnceAndSkipped()
        {
            byte[] junk = new byte[HostLinkProtocol.MaximumEncodedLength + 500];
            for (int index = 0; index < junk.Length; index++)
            {
                junk[index] = 0x41;
            }

            byte[] next = HostLinkTestData.Encode(HostLinkSamples.Error("after"), 9);
            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Concat(HostLinkTestData.Concat(junk, new byte[] { 0 }), next), 64);

            Assert.AreEqual(2, events.Count);
            EnumAssert.AreEqual(DecodeStatus.Oversize, (DecodeStatus)events[0]);
            Assert.AreEqual("after", ((ErrorRecord)events[1]).Detail);
        }

        [TestMethod]
        public void HeaderDeclaringAnOversizedPayloadIsRefused()
        {
            // A valid CRC over a header that claims 2000 bytes: a buggy or hostile sender.
            byte[] frame = HostLinkTestData.Hex("01 02 00000000 D007 00 00");
            FieldWriter.PutUInt16(frame, 8, Crc16.Compute(frame, 0, 8));
            byte[] wire = new byte[20];
            int length = Cobs.Encode(frame, 0, 10, wire, 0, wire.Length);

            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Slice(wire, 0, length + 1), 64);

            Assert.AreEqual(1, events.Count);
            EnumAssert.AreEqual(DecodeStatus.Oversize, (DecodeStatus)events[0]);
        }

        [TestMethod]
        public void EncoderRefusesOversizedPayloads()
        {
            FrameEncoder encoder = new FrameEncoder();
            byte[] output = new byte[HostLinkProtocol.MaximumWireLength];
            int length;

            ErrorRecord record = new ErrorRecord();
            record.Code = "long";
            record.Detail = new string('x', HostLinkProtocol.MaximumPayloadLength);
            EnumAssert.AreEqual(EncodeStatus.PayloadTooLong, encoder.Encode(record, 0, output, 0, output.Length, out length));

            byte[] payload = new byte[HostLinkProtocol.MaximumPayloadLength + 1];
            EnumAssert.AreEqual(EncodeStatus.PayloadTooLong, encoder.EncodeRaw(1, 2, 0, payload, 0, payload.Length, output, 0, output.Length, out length));

            EnumAssert.AreEqual(EncodeStatus.OutputTooSmall, encoder.Encode(HostLinkSamples.Error("x"), 0, output, 0, 10, out length));
        }

        [TestMethod]
        public void HalfFramesAreReportedAndTheStreamRecovers()
        {
            byte[] first = HostLinkTestData.Encode(HostLinkSamples.Error("first"), 1);
            byte[] second = HostLinkTestData.Encode(HostLinkSamples.Error("second"), 2);
            byte[] third = HostLinkTestData.Encode(HostLinkSamples.Error("third"), 3);

            // The tail of a frame (receiver started listening mid-frame), a whole frame, then a head cut off by the
            // end of the capture.
            byte[] tail = HostLinkTestData.Slice(first, first.Length / 2, first.Length - first.Length / 2);
            byte[] head = HostLinkTestData.Slice(third, 0, third.Length / 2);
            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Concat(HostLinkTestData.Concat(tail, second), head), 4);

            Assert.AreEqual(3, events.Count);
            Assert.IsTrue(events[0] is DecodeStatus);
            Assert.AreEqual("second", ((ErrorRecord)events[1]).Detail);
            EnumAssert.AreEqual(DecodeStatus.Truncated, (DecodeStatus)events[2]);
        }

        [TestMethod]
        public void ShortFrameIsTruncated()
        {
            // A delimited fragment shorter than header + CRC.
            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Hex("04 01 81 05 00"), 64);

            Assert.AreEqual(1, events.Count);
            EnumAssert.AreEqual(DecodeStatus.Truncated, (DecodeStatus)events[0]);
        }

        [TestMethod]
        public void UnknownVersionIsReportedAndSkipped()
        {
            FrameEncoder encoder = new FrameEncoder();
            byte[] output = new byte[64];
            int length;
            encoder.EncodeRaw(2, 0x02, 1, new byte[0], 0, 0, output, 0, output.Length, out length);
            byte[] next = HostLinkTestData.Encode(HostLinkSamples.Error("v1"), 2);

            ArrayList events = HostLinkTestData.DecodeAll(HostLinkTestData.Concat(HostLinkTestData.Slice(output, 0, length), next), 64);

            Assert.AreEqual(2, events.Count);
            EnumAssert.AreEqual(DecodeStatus.UnknownVersion, (DecodeStatus)events[0]);
            Assert.AreEqual("v1", ((ErrorRecord)events[1]).Detail);
        }

        [TestMethod]
        public void UnknownFieldsAndTypesAreTolerated()
        {
            // Payload: unknown tag 0x7E (3 bytes), then ErrorCode "x".
            byte[] payload = HostLinkTestData.Hex("7E 0300 010203 20 0100 78");
            HostLinkMessage message = MessageDecoder.Decode((byte)MessageType.Error, 1, payload, 0, payload.Length);
            Assert.AreEqual("x", ((ErrorRecord)message).Code);

            Assert.IsNull(MessageDecoder.Decode(0x7D, 1, payload, 0, payload.Length));
            // A field that overruns the payload makes the whole message invalid.
            Assert.IsNull(MessageDecoder.Decode((byte)MessageType.Error, 1, payload, 0, payload.Length - 1));
        }

        [TestMethod]
        public void AcknowledgeSequenceIsReadWithoutAllocating()
        {
            AcknowledgeMessage ack = new AcknowledgeMessage();
            ack.AcknowledgedSequence = 0x01020304;
            FrameDecoder decoder = new FrameDecoder();
            byte[] wire = HostLinkTestData.Encode(ack, 1);
            int consumed;

            EnumAssert.AreEqual(DecodeStatus.Frame, decoder.Push(wire, 0, wire.Length, out consumed));
            uint sequence;
            Assert.IsTrue(AcknowledgeMessage.TryReadSequence(decoder.Payload, decoder.PayloadOffset, decoder.PayloadLength, out sequence));
            Assert.AreEqual(0x01020304u, sequence);
        }
    }
}
