using System;
using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// Leak property of the host link: whatever a card sends, the encoded UART bytes of the records that carry it
    /// (APDU trace with its I-blocks, pass-through response, transaction record) never contain the PAN, the track 2
    /// equivalent data or the cryptograms that went into the record. The card data is random and structured as
    /// EMV BER-TLV (READ RECORD template 70, GPO format 2 template 77, GENERATE AC format 1 template 80, and
    /// malformed TLV), chained into I-blocks of random sizes with R(ACK)s, CIDs and retransmissions. The wire is
    /// searched both as sent (COBS) and after COBS decoding, for every 4-byte window of every secret.
    /// </summary>
    [TestClass]
    public class LeakFuzzTests
    {
        private const uint TargetLeak = 20;
        private const int Window = 4;

        [TestMethod]
        public void FuzzNoCardSecretReachesTheWire()
        {
            int cases = FuzzSettings.Cases(20000);
            FrameEncoder encoder = new FrameEncoder();
            FrameDecoder decoder = new FrameDecoder();
            byte[] wire = new byte[HostLinkProtocol.MaximumWireLength];
            byte[] response = new byte[300];
            ArrayList secrets = new ArrayList();
            int records = 0;
            int tooLong = 0;
            long secretBytes = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetLeak, index));
                string where = FuzzSettings.Describe(random, index);
                secrets.Clear();
                byte instruction;
                int responseLength = BuildResponse(random, response, secrets, out instruction);
                for (int i = 0; i < secrets.Count; i++)
                {
                    secretBytes += ((byte[])secrets[i]).Length;
                }

                byte[] command = new byte[] { 0x80, instruction, 0x00, 0x00, 0x00 };
                byte[] exact = new byte[responseLength];
                Array.Copy(response, exact, responseLength);

                HostLinkMessage[] messages = new HostLinkMessage[3];
                messages[0] = Trace(random, command, exact);
                PassThroughResponseRecord passThrough = new PassThroughResponseRecord();
                passThrough.Outcome = "ok";
                passThrough.Command = command;
                passThrough.SetResponse(exact, exact.Length);
                messages[1] = passThrough;
                TransactionRecord transaction = new TransactionRecord();
                transaction.Uid = random.Bytes(4);
                transaction.Outcome = "ok";
                byte[] pan = (byte[])secrets[0];
                int panDigits = pan.Length * 2 - ((pan[pan.Length - 1] & 0x0F) == 0x0F ? 1 : 0);
                transaction.PanMasked = PanMasking.Mask(pan, 0, panDigits, true);
                messages[2] = transaction;

                for (int m = 0; m < messages.Length; m++)
                {
                    int length;
                    EncodeStatus status = encoder.Encode(messages[m], (uint)index, wire, 0, wire.Length, out length);
                    if (status == EncodeStatus.PayloadTooLong)
                    {
                        tooLong++;
                        continue;
                    }

                    EnumAssert.AreEqual(EncodeStatus.Ok, status, where + ", message " + m);
                    records++;
                    AssertNoSecret(wire, length, secrets, where + ", message " + m + " as sent");

                    // The same bytes after COBS decoding (COBS rewrites the 0x00 bytes a value might contain).
                    int consumed;
                    EnumAssert.AreEqual(DecodeStatus.Frame, decoder.Push(wire, 0, length, out consumed), where);
                    AssertNoSecret(decoder.Payload, decoder.PayloadOffset + decoder.PayloadLength, secrets, where + ", message " + m + " decoded");
                    Assert.IsNotNull(MessageDecoder.Decode(decoder), where);
                }
            }

            OutputHelper.WriteLine("leak check: " + cases + " cases, " + records + " records encoded and searched (" + tooLong
                + " refused as too long), " + secretBytes + " secret bytes planted, none found on the wire");
        }

        /// <summary>Fails when any <see cref="Window"/>-byte piece of a secret occurs in the buffer.</summary>
        private static void AssertNoSecret(byte[] buffer, int length, ArrayList secrets, string where)
        {
            for (int s = 0; s < secrets.Count; s++)
            {
                byte[] secret = (byte[])secrets[s];
                for (int start = 0; start + Window <= secret.Length; start++)
                {
                    // A window of one repeated byte ("****" of a masked PAN, FF filler, 00 padding) is no evidence.
                    bool uniform = secret[start] == secret[start + 1] && secret[start] == secret[start + 2] && secret[start] == secret[start + 3];
                    if (!uniform && Contains(buffer, length, secret, start, Window))
                    {
                        Assert.IsTrue(false, where + ": secret " + s + " bytes " + start + ".." + (start + Window - 1) + " ("
                            + BitConverter.ToString(secret, start, Window) + ") on the wire");
                    }
                }
            }
        }

        private static bool Contains(byte[] haystack, int length, byte[] needle, int offset, int count)
        {
            for (int start = 0; start + count <= length; start++)
            {
                int matched = 0;
                while (matched < count && haystack[start + matched] == needle[offset + matched])
                {
                    matched++;
                }

                if (matched == count)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A card response with SW 9000; secrets[0] is always the PAN (BCD). Returns the length.
        /// </summary>
        private static int BuildResponse(FuzzRandom random, byte[] response, ArrayList secrets, out byte instruction)
        {
            byte[] pan = Pan(random);
            secrets.Add(pan);
            int kind = random.Next(4);
            int length = 0;
            byte[] inner = new byte[220];
            int innerLength = 0;
            if (kind == 2)
            {
                // GENERATE AC format 1 (EMV Book 3, 6.5.5.4): 80 { CID, ATC, AC, IAD }: all of it secret.
                instruction = 0xAE;
                byte[] cryptogram = random.Bytes(8);
                byte[] issuerData = random.Bytes(random.Between(7, 32));
                secrets.Add(cryptogram);
                secrets.Add(issuerData);
                response[length++] = 0x80;
                response[length++] = (byte)(3 + 8 + issuerData.Length);
                response[length++] = 0x80;
                response[length++] = random.NextByte();
                response[length++] = random.NextByte();
                Array.Copy(cryptogram, 0, response, length, 8);
                length += 8;
                Array.Copy(issuerData, 0, response, length, issuerData.Length);
                length += issuerData.Length;
            }
            else
            {
                instruction = kind == 0 ? (byte)0xB2 : (kind == 1 ? (byte)0xA8 : (byte)0xAE);
                int objects = random.Between(1, 6);
                bool panPlaced = false;
                for (int o = 0; o < objects || !panPlaced; o++)
                {
                    int choice = panPlaced ? random.Next(9) : 0;
                    switch (choice)
                    {
                        case 0:
                            innerLength = Put(inner, innerLength, 0x5A, pan, pan.Length);
                            panPlaced = true;
                            break;
                        case 1:
                            byte[] track2 = Track2(random, pan);
                            secrets.Add(track2);
                            innerLength = Put(inner, innerLength, 0x57, track2, track2.Length);
                            break;
                        case 2:
                            byte[] cryptogram = random.Bytes(8);
                            secrets.Add(cryptogram);
                            innerLength = Put(inner, innerLength, 0x9F26, cryptogram, 8);
                            break;
                        case 3:
                            byte[] issuerData = random.Bytes(random.Between(7, 32));
                            secrets.Add(issuerData);
                            innerLength = Put(inner, innerLength, 0x9F10, issuerData, issuerData.Length);
                            break;
                        case 4:
                            byte[] signed = random.Bytes(random.Between(8, 40));
                            secrets.Add(signed);
                            innerLength = Put(inner, innerLength, 0x9F4B, signed, signed.Length);
                            break;
                        case 5:
                            // Track 2 data (Mastercard), track 1 / 2 discretionary data.
                            byte[] other = random.Bytes(random.Between(4, 20));
                            secrets.Add(other);
                            int tag = random.Chance(50) ? 0x9F6B : (random.Chance(50) ? 0x9F1F : 0x9F20);
                            innerLength = Put(inner, innerLength, tag, other, other.Length);
                            break;
                        case 6:
                            // Not secret: expiry, ATC, CID, PAN sequence number.
                            byte[] plain = random.Bytes(random.Between(1, 3));
                            int plainTag = random.Chance(25) ? 0x5F24 : (random.Chance(33) ? 0x9F36 : (random.Chance(50) ? 0x9F27 : 0x5F34));
                            innerLength = Put(inner, innerLength, plainTag, plain, plain.Length);
                            break;
                        case 7:
                            // Padding between data objects (EMV Book 3, Annex B1).
                            inner[innerLength++] = random.Chance(50) ? (byte)0x00 : (byte)0xFF;
                            break;
                        default:
                            // A constructed object nesting another PAN copy (e.g. a proprietary template).
                            byte[] nested = new byte[12];
                            int nestedLength = Put(nested, 0, 0x5A, pan, pan.Length);
                            innerLength = Put(inner, innerLength, 0xBF0C, nested, nestedLength);
                            break;
                    }

                    if (innerLength > 170)
                    {
                        break;
                    }
                }

                byte template = kind == 0 ? (byte)0x70 : (byte)0x77;
                if (kind == 3 && random.Chance(50))
                {
                    // Malformed: the template claims more than is there (fail-safe: the rest is redacted).
                    // (A claimed length over 127 takes the long form 81 xx, as a card would write it.)
                    int claimed = innerLength + random.Between(1, 60);
                    response[length++] = template;
                    if (claimed > 127)
                    {
                        response[length++] = 0x81;
                    }

                    response[length++] = (byte)claimed;
                }
                else
                {
                    response[length++] = template;
                    if (innerLength > 127)
                    {
                        response[length++] = 0x81;
                    }

                    response[length++] = (byte)innerLength;
                }

                Array.Copy(inner, 0, response, length, innerLength);
                length += innerLength;
            }

            response[length++] = 0x90;
            response[length++] = 0x00;
            return length;
        }

        private static int Put(byte[] buffer, int offset, int tag, byte[] value, int length)
        {
            if (tag > 0xFF)
            {
                buffer[offset++] = (byte)(tag >> 8);
            }

            buffer[offset++] = (byte)tag;
            buffer[offset++] = (byte)length;
            Array.Copy(value, 0, buffer, offset, length);
            return offset + length;
        }

        /// <summary>A 16- or 19-digit PAN in BCD (19 digits padded with F), first digit 3..6.</summary>
        private static byte[] Pan(FuzzRandom random)
        {
            int digits = random.Chance(70) ? 16 : 19;
            byte[] pan = new byte[(digits + 1) / 2];
            for (int d = 0; d < pan.Length * 2; d++)
            {
                int digit = d == 0 ? random.Between(3, 6) : (d < digits ? random.Next(10) : 0xF);
                pan[d / 2] = (byte)(pan[d / 2] | (d % 2 == 0 ? digit << 4 : digit));
            }

            return pan;
        }

        /// <summary>Track 2 equivalent data: PAN, separator D, YYMM, service code, discretionary data.</summary>
        private static byte[] Track2(FuzzRandom random, byte[] pan)
        {
            byte[] track2 = new byte[pan.Length + 8];
            Array.Copy(pan, track2, pan.Length);
            int at = pan.Length;
            if ((pan[pan.Length - 1] & 0x0F) == 0x0F)
            {
                track2[pan.Length - 1] = (byte)((pan[pan.Length - 1] & 0xF0) | 0x0D);
            }
            else
            {
                track2[at++] = 0xD0;
            }

            for (; at < track2.Length; at++)
            {
                track2[at] = (byte)((random.Next(10) << 4) | random.Next(10));
            }

            return track2;
        }

        /// <summary>The APDU trace of the exchange: the command I-block, then the response chained.</summary>
        private static ApduTraceRecord Trace(FuzzRandom random, byte[] command, byte[] response)
        {
            ApduTraceRecord trace = new ApduTraceRecord();
            trace.TimeMicroseconds = random.Next(1000000);
            trace.SetCommand(command, command.Length);
            trace.SetResponse(response, response.Length);
            bool cid = random.Chance(30);
            int block = 0;
            trace.Frames.Add(IBlock(command, 0, command.Length, block, cid, false));
            int frameSize = random.Chance(30) ? random.Between(4, 30) : random.Between(16, 250);
            int position = 0;
            int count = 0;
            while (position < response.Length && count < 24)
            {
                int chunk = response.Length - position;
                if (chunk > frameSize)
                {
                    chunk = frameSize;
                }

                bool more = position + chunk < response.Length;
                TraceFrame frame = IBlock(response, position, chunk, block, cid, more);
                frame.Direction = FrameDirection.PiccToPcd;
                trace.Frames.Add(frame);
                if (random.Chance(15))
                {
                    // The PICC's block was retransmitted (R(NAK) from the reader, the same block again).
                    trace.Frames.Add(RBlock(block, true, cid));
                    TraceFrame again = IBlock(response, position, chunk, block, cid, more);
                    again.Direction = FrameDirection.PiccToPcd;
                    trace.Frames.Add(again);
                }

                position += chunk;
                count++;
                if (more)
                {
                    block ^= 1;
                    trace.Frames.Add(RBlock(block, false, cid));
                }
            }

            return trace;
        }

        private static TraceFrame IBlock(byte[] apdu, int offset, int count, int block, bool cid, bool more)
        {
            int header = cid ? 2 : 1;
            byte[] data = new byte[header + count + 2];
            // I-block PCB (ISO/IEC 14443-4, 7.1.1.1): 0x02 | chaining 0x10 | CID 0x08 | block number.
            data[0] = (byte)(0x02 | (more ? 0x10 : 0) | (cid ? 0x08 : 0) | block);
            if (cid)
            {
                data[1] = 0x00;
            }

            Array.Copy(apdu, offset, data, header, count);
            CrcA.Append(data, 0, header + count);
            return new TraceFrame(FrameDirection.PcdToPicc, BitRate.Kbps106, 0, data, data.Length, true);
        }

        private static TraceFrame RBlock(int block, bool nak, bool cid)
        {
            int header = cid ? 2 : 1;
            byte[] data = new byte[header + 2];
            // R-block PCB (7.1.1.1): 0xA2 | NAK 0x10 | CID 0x08 | block number.
            data[0] = (byte)(0xA2 | (nak ? 0x10 : 0) | (cid ? 0x08 : 0) | block);
            CrcA.Append(data, 0, header);
            return new TraceFrame(FrameDirection.PcdToPicc, BitRate.Kbps106, 0, data, data.Length, true);
        }
    }
}
