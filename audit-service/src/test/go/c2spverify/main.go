// Command c2spverify checks a Heed audit log with Go's golang.org/x/mod/sumdb packages, code
// Heed did not write: the checkpoint's note signature, the inclusion of one entry (from the entry
// bundle, against the tiles) and the consistency of an earlier checkpoint with the current one.
//
//	c2spverify -log URL -vkey VKEY [-token BEARER] [-index I] [-old FILE] [-save FILE]
//
// It exits 0 and prints what it verified, or exits 1 naming what failed.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8 // c2sp.org/tlog-tiles: 256 hashes per tile

var (
	logURL = flag.String("log", "", "the log's URL prefix (serves /checkpoint and /tile/...)")
	vkey   = flag.String("vkey", "", "the log's verifier key")
	token  = flag.String("token", "", "bearer token for entry bundles")
	index  = flag.Int64("index", -1, "an entry whose inclusion to prove (-1: none)")
	old    = flag.String("old", "", "an earlier checkpoint file, proven consistent with the current one")
	save   = flag.String("save", "", "write the verified checkpoint here")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
}

func run() error {
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		return fmt.Errorf("verifier key: %w", err)
	}
	raw, err := get("/checkpoint", false)
	if err != nil {
		return err
	}
	tree, origin, err := open(raw, verifier)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	fmt.Printf("checkpoint %s size %d root %s: signature verified\n", origin, tree.N, tree.Hash)
	hashes := tlog.TileHashReader(tree, tiles{})

	if *index >= 0 {
		if *index >= tree.N {
			return fmt.Errorf("entry %d is not in a tree of %d", *index, tree.N)
		}
		entry, err := entryAt(*index, tree.N)
		if err != nil {
			return err
		}
		proof, err := tlog.ProveRecord(tree.N, *index, hashes)
		if err != nil {
			return fmt.Errorf("inclusion proof from the tiles: %w", err)
		}
		if err := tlog.CheckRecord(proof, tree.N, tree.Hash, *index, tlog.RecordHash(entry)); err != nil {
			return fmt.Errorf("entry %d: %w", *index, err)
		}
		fmt.Printf("entry %d included (%d-hash proof)\n", *index, len(proof))
	}

	if *old != "" {
		earlierRaw, err := os.ReadFile(*old)
		if err != nil {
			return err
		}
		earlier, _, err := open(earlierRaw, verifier)
		if err != nil {
			return fmt.Errorf("earlier checkpoint: %w", err)
		}
		proof, err := tlog.ProveTree(tree.N, earlier.N, hashes)
		if err != nil {
			return fmt.Errorf("consistency proof from the tiles: %w", err)
		}
		if err := tlog.CheckTree(proof, tree.N, tree.Hash, earlier.N, earlier.Hash); err != nil {
			return fmt.Errorf("size %d -> %d: %w", earlier.N, tree.N, err)
		}
		fmt.Printf("size %d consistent with size %d (%d-hash proof)\n", earlier.N, tree.N, len(proof))
	}

	if *save != "" {
		return os.WriteFile(*save, raw, 0o644)
	}
	return nil
}

// open verifies a checkpoint note and reads its origin, size and root hash.
func open(raw []byte, verifier note.Verifier) (tlog.Tree, string, error) {
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, "", err
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] != verifier.Name() {
		return tlog.Tree{}, "", errors.New("not a checkpoint of this log's origin")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return tlog.Tree{}, "", fmt.Errorf("tree size: %w", err)
	}
	hash, err := tlog.ParseHash(lines[2])
	if err != nil {
		return tlog.Tree{}, "", fmt.Errorf("root hash: %w", err)
	}
	return tlog.Tree{N: size, Hash: hash}, lines[0], nil
}

// entryAt reads entry i from its bundle: big-endian uint16 length-prefixed records.
func entryAt(i, size int64) ([]byte, error) {
	bundle := tlog.Tile{H: height, L: 0, N: i / 256, W: 256}
	if left := size - bundle.N*256; left < 256 {
		bundle.W = int(left)
	}
	data, err := get(strings.Replace(c2spPath(bundle), "/tile/0/", "/tile/entries/", 1), true)
	if err != nil {
		return nil, err
	}
	for k := int64(0); ; k++ {
		if len(data) < 2 {
			return nil, errors.New("entry bundle too short")
		}
		length := int(data[0])<<8 | int(data[1])
		if len(data) < 2+length {
			return nil, errors.New("entry bundle truncated")
		}
		if k == i%256 {
			return data[2 : 2+length], nil
		}
		data = data[2+length:]
	}
}

// c2spPath is Go's tile path without its height element: tile/8/L/N -> /tile/L/N.
func c2spPath(t tlog.Tile) string {
	return "/tile/" + strings.TrimPrefix(t.Path(), "tile/8/")
}

type tiles struct{}

func (tiles) Height() int { return height }

func (tiles) ReadTiles(list []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(list))
	for k, t := range list {
		body, err := get(c2spPath(t), false)
		if err != nil {
			return nil, err
		}
		data[k] = body
	}
	return data, nil
}

func (tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func get(path string, authorized bool) ([]byte, error) {
	request, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(*logURL, "/")+path, nil)
	if err != nil {
		return nil, err
	}
	if authorized && *token != "" {
		request.Header.Set("Authorization", "Bearer "+*token)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, err
	}
	if response.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", path, response.Status)
	}
	return body, nil
}
