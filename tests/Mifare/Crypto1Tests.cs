using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>
    /// Crypto1 (sim/Nfc/Crypto1.cs) against published authentications, not only against itself. Source: the proxmark3
    /// test script (RfidResearchGroup/proxmark3, tools/pm3_tests.sh, "mfkey64 test" and "mfkey64 long trace test"),
    /// whose mfkey64 runs recover the keys FFFFFFFFFFFF and 091E639CB715 from these sniffed traces (uid, nT, {nR},
    /// {aR}, {aT}, then the encrypted frames of the session).
    /// </summary>
    [TestClass]
    public class Crypto1Tests
    {
        [TestMethod]
        public void ShortTraceWithTheDefaultKeyGivesTheRecordedAnswers()
        {
            // Card side of "mfkey64 9c599b32 82a4166c a1e458ce 6eea41e0 5cadf439" (key ffffffffffff).
            Crypto1 card = new Crypto1();
            card.SetKey(NfcTestSupport.Bytes("FFFFFFFFFFFF"), 0);
            card.Word(0x9C599B32u ^ 0x82A4166Cu, false);
            uint nrKeystream = card.Word(0xA1E458CEu, true);
            uint ar = 0x6EEA41E0u ^ card.Word(0, false);
            Assert.AreEqual(Crypto1.PrngSuccessor(0x82A4166Cu, 64), ar, "aR = suc^64(nT) once {aR} is decrypted");
            uint at = Crypto1.PrngSuccessor(0x82A4166Cu, 96) ^ card.Word(0, false);
            Assert.AreEqual(0x5CADF439u, at, "{aT} as recorded");

            // Reader side: encrypting the recovered nR with a fresh cipher gives the recorded {nR}.
            uint nr = 0xA1E458CEu ^ nrKeystream;
            Crypto1 reader = new Crypto1();
            reader.SetKey(NfcTestSupport.Bytes("FFFFFFFFFFFF"), 0);
            reader.Word(0x9C599B32u ^ 0x82A4166Cu, false);
            Assert.AreEqual(0xA1E458CEu, nr ^ reader.Word(nr, false));
            Assert.AreEqual(0x6EEA41E0u, Crypto1.PrngSuccessor(0x82A4166Cu, 64) ^ reader.Word(0, false));
        }

        [TestMethod]
        public void LongTraceDecryptsToReadCommandsAndValidBlocks()
        {
            // "mfkey64 14579f69 ce844261 f8049ccb 0525c84f 9431cc40 7093df99 9972...", key 091e639cb715.
            Crypto1 cipher = new Crypto1();
            cipher.SetKey(NfcTestSupport.Bytes("091E639CB715"), 0);
            cipher.Word(0x14579F69u ^ 0xCE844261u, false);
            cipher.Word(0xF8049CCBu, true);
            Assert.AreEqual(Crypto1.PrngSuccessor(0xCE844261u, 64), 0x0525C84Fu ^ cipher.Word(0, false));
            Assert.AreEqual(0x9431CC40u, Crypto1.PrngSuccessor(0xCE844261u, 96) ^ cipher.Word(0, false));

            string[] frames = new string[]
            {
                "7093df99", "9972428ce2e8523f456b99c831e769dced09", "8ca6827b", "ab797fd369e8b93a86776b40dae3ef686efd",
                "c3c381ba", "49e2c9def4868d1777670e584c27230286f4", "fbdcd7c1", "4abd964b07d3563aa066ed0a2eac7f6312bf", "9f9149ea"
            };
            // READ 14h..17h and their blocks (block 17h the trailer: key A hidden, access bits 7E 17 88, key B hidden),
            // then a nested AUTH with key B for block 14h. Empty: data blocks, checked by their CRC_A only.
            string[] expected = new string[]
            {
                "30 14 a7 fe", string.Empty, "30 15 2e ef", string.Empty, "30 16 b5 dd", string.Empty, "30 17 3c cc", "00 00 00 00 00 00 7e 17 88 69 00 00 00 00 00 00 c4 f2", "61 14 88 34"
            };
            for (int i = 0; i < frames.Length; i++)
            {
                byte[] frame = NfcTestSupport.Bytes(frames[i]);
                for (int b = 0; b < frame.Length; b++)
                {
                    frame[b] = (byte)(frame[b] ^ cipher.Byte(0, false));
                }

                Assert.IsTrue(CrcA.Check(frame, 0, frame.Length), "frame " + i.ToString() + " decrypts with a valid CRC_A");
                if (expected[i].Length > 0)
                {
                    Assert.AreEqual(expected[i], NfcTestSupport.Hex(frame, 0, frame.Length));
                }
            }
        }

        [TestMethod]
        public void NonceGeneratorShiftsSixteenBitsAtATime()
        {
            // suc runs over the byte-swapped nonce, one bit in at the top per step: after 16 steps the old upper half
            // is the new lower half, and steps compose.
            uint nonce = 0x82A4166Cu;
            Assert.AreEqual(Swap(nonce) >> 16, Swap(Crypto1.PrngSuccessor(nonce, 16)) & 0xFFFF);
            Assert.AreEqual(Crypto1.PrngSuccessor(Crypto1.PrngSuccessor(nonce, 32), 32), Crypto1.PrngSuccessor(nonce, 64));
            Assert.AreNotEqual(nonce, Crypto1.PrngSuccessor(nonce, 1));
        }

        [TestMethod]
        public void EncryptedParityIsThePlaintextParityUnderTheNextKeystreamBit()
        {
            byte[] key = NfcTestSupport.Bytes("A0A1A2A3A4A5");
            Crypto1 sender = new Crypto1();
            Crypto1 receiver = new Crypto1();
            sender.SetKey(key, 0);
            receiver.SetKey(key, 0);
            AirFrame frame = new AirFrame();
            byte[] plain = NfcTestSupport.Bytes("30 08 4A 24");
            frame.Set(plain, 0, 32);
            Crypto1 check = new Crypto1();
            check.SetKey(key, 0);
            sender.EncryptFrame(frame);
            Assert.IsTrue(frame.HasExplicitParity);
            int keystream = check.Byte(0, false);
            Assert.AreEqual(plain[0] ^ keystream, (int)frame.Data[0]);
            Assert.AreEqual(AirFrame.OddParity(plain[0]) ^ check.Peek(), frame.GetParity(0));
            Assert.IsTrue(receiver.DecryptFrame(frame));
            Assert.AreEqual("30 08 4a 24", NfcTestSupport.Hex(frame.Data, 0, 4));

            // One flipped parity bit on air is seen.
            Crypto1 sender2 = new Crypto1();
            Crypto1 receiver2 = new Crypto1();
            sender2.SetKey(key, 0);
            receiver2.SetKey(key, 0);
            frame.Set(plain, 0, 32);
            sender2.EncryptFrame(frame);
            frame.SetParity(2, frame.GetParity(2) ^ 1);
            Assert.IsFalse(receiver2.DecryptFrame(frame));
        }

        private static uint Swap(uint word)
        {
            return (word >> 24) | ((word >> 8) & 0xFF00) | ((word << 8) & 0xFF0000) | (word << 24);
        }
    }
}
