using System;

namespace DualReader.Firmware.RfSim
{
    /// <summary>
    /// The session keys of one RF-SIM session (PROTOCOL.md 6): two 128-bit keys, one per direction, derived from
    /// the pre-shared key and both nonces with SipHash-2-4 used as a PRF in counter mode (in the manner of NIST
    /// SP 800-108): K_dir = PRF(PSK, i || context) || PRF(PSK, i + 1 || context).
    /// </summary>
    public sealed class RfSimKeys
    {
        /// <summary>Context length: label byte, reader id (4), peer id (4), reader nonce (8), peer nonce (8).</summary>
        public const int ContextLength = 25;

        private readonly byte[] context = new byte[ContextLength];
        private ulong pskLow;
        private ulong pskHigh;

        /// <summary>Keys under the 16-byte <paramref name="preSharedKey"/>.</summary>
        public RfSimKeys(byte[] preSharedKey)
        {
            if (preSharedKey == null || preSharedKey.Length != 16)
            {
                throw new ArgumentException("the pre-shared key has 16 bytes");
            }

            SipHash24.LoadKey(preSharedKey, 0, out pskLow, out pskHigh);
        }

        /// <summary>Reader-to-peer key, low half.</summary>
        public ulong ReaderToPeer0 { get; private set; }
        /// <summary>Reader-to-peer key, high half.</summary>
        public ulong ReaderToPeer1 { get; private set; }
        /// <summary>Peer-to-reader key, low half.</summary>
        public ulong PeerToReader0 { get; private set; }
        /// <summary>Peer-to-reader key, high half.</summary>
        public ulong PeerToReader1 { get; private set; }

        /// <summary>Derives both keys (four SipHash calls).</summary>
        public void Derive(byte[] readerId, int readerIdOffset, byte[] peerId, int peerIdOffset, byte[] readerNonce, int readerNonceOffset, byte[] peerNonce, int peerNonceOffset)
        {
            Array.Copy(readerId, readerIdOffset, context, 1, 4);
            Array.Copy(peerId, peerIdOffset, context, 5, 4);
            Array.Copy(readerNonce, readerNonceOffset, context, 9, 8);
            Array.Copy(peerNonce, peerNonceOffset, context, 17, 8);
            ReaderToPeer0 = Prf(0x01);
            ReaderToPeer1 = Prf(0x02);
            PeerToReader0 = Prf(0x03);
            PeerToReader1 = Prf(0x04);
        }

        /// <summary>Forgets the session keys.</summary>
        public void Clear()
        {
            ReaderToPeer0 = 0;
            ReaderToPeer1 = 0;
            PeerToReader0 = 0;
            PeerToReader1 = 0;
        }

        private ulong Prf(byte label)
        {
            context[0] = label;
            return SipHash24.Compute(pskLow, pskHigh, context, 0, ContextLength);
        }
    }
}
