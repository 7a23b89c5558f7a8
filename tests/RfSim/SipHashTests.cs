using DualReader.Firmware.RfSim;
using nanoFramework.TestFramework;

namespace DualReader.Tests.RfSim
{
    [TestClass]
    public class SipHashTests
    {
        // Reference vectors: SipHash reference implementation vectors.h (vectors_sip64), key 00..0F,
        // message 00..n-1; entry 15 is the worked example of the SipHash paper, appendix A (a129ca6149be45e5).
        private static byte[] Key()
        {
            byte[] key = new byte[16];
            for (int i = 0; i < 16; i++)
            {
                key[i] = (byte)i;
            }

            return key;
        }

        private static byte[] Tag(int length)
        {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++)
            {
                message[i] = (byte)i;
            }

            ulong k0;
            ulong k1;
            SipHash24.LoadKey(Key(), 0, out k0, out k1);
            byte[] tag = new byte[8];
            SipHash24.WriteTag(k0, k1, message, 0, length, tag, 0);
            return tag;
        }

        [TestMethod]
        public void EmptyMessageMatchesReferenceVector()
        {
            CollectionAssert.AreEqual(new byte[] { 0x31, 0x0e, 0x0e, 0xdd, 0x47, 0xdb, 0x6f, 0x72 }, Tag(0));
        }

        [TestMethod]
        public void OneByteMatchesReferenceVector()
        {
            CollectionAssert.AreEqual(new byte[] { 0xfd, 0x67, 0xdc, 0x93, 0xc5, 0x39, 0xf8, 0x74 }, Tag(1));
        }

        [TestMethod]
        public void SevenBytesMatchReferenceVector()
        {
            CollectionAssert.AreEqual(new byte[] { 0x37, 0xd1, 0x01, 0x8b, 0xf5, 0x00, 0x02, 0xab }, Tag(7));
        }

        [TestMethod]
        public void EightBytesMatchReferenceVector()
        {
            CollectionAssert.AreEqual(new byte[] { 0x62, 0x24, 0x93, 0x9a, 0x79, 0xf5, 0xf5, 0x93 }, Tag(8));
        }

        [TestMethod]
        public void FifteenBytesMatchThePaperExample()
        {
            CollectionAssert.AreEqual(new byte[] { 0xe5, 0x45, 0xbe, 0x49, 0x61, 0xca, 0x29, 0xa1 }, Tag(15));
        }

        [TestMethod]
        public void VerifyRejectsAChangedByte()
        {
            byte[] message = new byte[24];
            ulong k0;
            ulong k1;
            SipHash24.LoadKey(Key(), 0, out k0, out k1);
            SipHash24.WriteTag(k0, k1, message, 0, 16, message, 16);
            Assert.IsTrue(SipHash24.VerifyTag(k0, k1, message, 0, 16, message, 16));
            message[3] ^= 0x01;
            Assert.IsFalse(SipHash24.VerifyTag(k0, k1, message, 0, 16, message, 16));
        }

        [TestMethod]
        public void SessionKeysDependOnBothNoncesAndDirection()
        {
            RfSimKeys keys = new RfSimKeys(Key());
            byte[] id = { 1, 2, 3, 4 };
            byte[] peer = { 5, 6, 7, 8 };
            byte[] nonceA = new byte[8];
            byte[] nonceB = new byte[8];
            nonceB[7] = 1;
            keys.Derive(id, 0, peer, 0, nonceA, 0, nonceA, 0);
            ulong first = keys.ReaderToPeer0;
            Assert.IsTrue(keys.ReaderToPeer0 != keys.PeerToReader0);
            keys.Derive(id, 0, peer, 0, nonceA, 0, nonceB, 0);
            Assert.IsTrue(first != keys.ReaderToPeer0);
            keys.Derive(id, 0, peer, 0, nonceB, 0, nonceA, 0);
            Assert.IsTrue(first != keys.ReaderToPeer0);
        }
    }
}
